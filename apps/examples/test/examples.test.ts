import { describe, expect, test } from 'vitest';
import { captureOutput, examples, runLive } from '../src/examples.js';

describe('the examples catalogue', () => {
  test('names every example in the order of the lesson, then beyond it', () => {
    expect(Object.keys(examples)).toEqual([
      'generators',
      'sync-randn',
      'coroutine',
      'coroutine-never-awaited',
      'gather',
      'async-generators',
      'async-generators-for-await',
      'task-group',
      'timeout',
      'queue',
      'subprocess',
      'tcp-echo',
    ]);
  });

  test('captureOutput returns the recorded lines, each ending with a newline', async () => {
    expect(await captureOutput('sync-randn')).toBe('[5, 4, 7] took 9.00 seconds\n[7, 2, 3, 7, 9, 3, 1, 1, 7, 4] took 30.00 seconds\n');
  });

  test('captureOutput gives the same output on every run', async () => {
    expect(await captureOutput('timeout')).toBe(await captureOutput('timeout'));
  });

  test('captureOutput of an unknown name is a RangeError listing the names', async () => {
    await expect(captureOutput('nope')).rejects.toThrow(
      new RangeError(`captureOutput(name): no example named "nope"; the names are ${Object.keys(examples).join(', ')}`),
    );
  });

  test('captureOutput does not take inherited names', async () => {
    await expect(captureOutput('toString')).rejects.toThrow(RangeError);
  });

  test('runLive of an unknown name is a RangeError naming runLive', async () => {
    await expect(runLive('nope')).rejects.toThrow('runLive(name): no example named "nope"');
  });
});
