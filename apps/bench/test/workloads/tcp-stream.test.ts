import { describe, expect, test } from 'vitest';
import { tcpStreamWorkload } from '../../src/workloads/tcp-stream.js';

describe('tcp-stream: verify', () => {
  test('100 MB read, every chunk where it belongs, verifies', () => {
    expect(tcpStreamWorkload.verify({ bytes: 104_857_600, misplaced: 0 }, { n: 100, seedMs: 300 })).toEqual([]);
  });

  test('a lost 64 KB write shows in the byte count and in the chunks after it', () => {
    expect(tcpStreamWorkload.verify({ bytes: 104_792_064, misplaced: 3 }, { n: 100, seedMs: 300 })).toEqual([
      'bytes read is 104792064, expected 104857600',
      'misplaced chunks is 3, expected 0',
    ]);
  });
});
