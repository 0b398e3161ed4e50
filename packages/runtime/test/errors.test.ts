import { describe, expect, test } from 'vitest';
import { CancelledError, InvalidStateError, TaskGroupError, TimeoutError } from '../src/index.js';

describe('CancelledError', () => {
  test('is an Error named CancelledError', () => {
    const error = new CancelledError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CancelledError');
    expect(String(error)).toBe('CancelledError: the task was cancelled');
  });

  test('without a reason says the task was cancelled and has reason undefined', () => {
    const error = new CancelledError();
    expect(error.message).toBe('the task was cancelled');
    expect(error.reason).toBeUndefined();
  });

  test('with a string reason appends it to the message and keeps it as .reason', () => {
    const error = new CancelledError('shutting down');
    expect(error.message).toBe('the task was cancelled: shutting down');
    expect(error.reason).toBe('shutting down');
  });

  test('with an Error reason describes it by name and message and keeps the same object as .reason', () => {
    const cause = new TimeoutError(30);
    const error = new CancelledError(cause);
    expect(error.message).toBe('the task was cancelled: TimeoutError: the operation did not finish within 30 ms');
    expect(error.reason).toBe(cause);
  });

  test('with an object reason describes it as JSON', () => {
    const reason = { code: 7, why: 'idle' };
    const error = new CancelledError(reason);
    expect(error.message).toBe('the task was cancelled: {"code":7,"why":"idle"}');
    expect(error.reason).toBe(reason);
  });

  test('with a circular object reason still builds a message', () => {
    const reason: { self?: unknown } = {};
    reason.self = reason;
    expect(new CancelledError(reason).message).toBe('the task was cancelled: [object Object]');
  });

  test('with a number or null reason describes it as text', () => {
    expect(new CancelledError(42).message).toBe('the task was cancelled: 42');
    expect(new CancelledError(null).message).toBe('the task was cancelled: null');
    expect(new CancelledError(null).reason).toBeNull();
  });
});

describe('TimeoutError', () => {
  test('is an Error named TimeoutError carrying .ms and a message with it', () => {
    const error = new TimeoutError(1500);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TimeoutError');
    expect(error.ms).toBe(1500);
    expect(error.message).toBe('the operation did not finish within 1500 ms');
  });

  test('is not a CancelledError', () => {
    expect(new TimeoutError(1)).not.toBeInstanceOf(CancelledError);
  });
});

describe('InvalidStateError', () => {
  test('is an Error named InvalidStateError with the given message', () => {
    const error = new InvalidStateError('the loop is closed');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidStateError');
    expect(error.message).toBe('the loop is closed');
  });

  test('a subclass can give itself its own name', () => {
    class QueueClosed extends InvalidStateError {
      override readonly name = 'QueueClosed';
    }
    const error = new QueueClosed('closed');
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error.name).toBe('QueueClosed');
  });
});

describe('TaskGroupError', () => {
  const range = new RangeError('a');
  const type = new TypeError('b');
  const range2 = new RangeError('c');

  test('is an AggregateError named TaskGroupError holding the errors in order', () => {
    const group = new TaskGroupError([range, type, range2]);
    expect(group).toBeInstanceOf(AggregateError);
    expect(group).toBeInstanceOf(Error);
    expect(group.name).toBe('TaskGroupError');
    expect(group.errors).toEqual([range, type, range2]);
    expect(group.errors[0]).toBe(range);
  });

  test('summarises one error in its message', () => {
    expect(new TaskGroupError([type]).message).toBe('a task in the group failed (TypeError: b)');
  });

  test('summarises several errors by count and the first one', () => {
    expect(new TaskGroupError([range, type, range2]).message).toBe('3 tasks in the group failed (first: RangeError: a)');
  });

  test('summarises a non-Error first cause as text', () => {
    expect(new TaskGroupError(['plain string', range]).message).toBe('2 tasks in the group failed (first: plain string)');
  });

  test('accepts an explicit message', () => {
    expect(new TaskGroupError([range], 'custom').message).toBe('custom');
  });

  test('split(type) returns [matching, rest] as groups, keeping the order and the same error objects', () => {
    const [matching, rest] = new TaskGroupError([range, type, range2]).split(RangeError);
    expect(matching).toBeInstanceOf(TaskGroupError);
    expect(matching?.errors).toEqual([range, range2]);
    expect(matching?.errors[1]).toBe(range2);
    expect(matching?.message).toBe('2 tasks in the group failed (first: RangeError: a)');
    expect(rest).toBeInstanceOf(TaskGroupError);
    expect(rest?.errors).toEqual([type]);
    expect(rest?.message).toBe('a task in the group failed (TypeError: b)');
  });

  test('split(type) gives null for an empty side', () => {
    expect(new TaskGroupError([range, range2]).split(RangeError)[1]).toBeNull();
    expect(new TaskGroupError([range, range2]).split(TypeError)[0]).toBeNull();
  });

  test('split matches subclasses of the type (instanceof)', () => {
    const [errors, rest] = new TaskGroupError([range, type, 'not an error']).split(Error);
    expect(errors?.errors).toEqual([range, type]);
    expect(rest?.errors).toEqual(['not an error']);
  });

  test('subgroup(type) is the matching side of split, or null when nothing matches', () => {
    const group = new TaskGroupError([range, type, range2]);
    expect(group.subgroup(TypeError)?.errors).toEqual([type]);
    expect(group.subgroup(CancelledError)).toBeNull();
  });
});
