import { describe, expect, test } from 'vitest';
import { LINE_BYTES, echoLine, tcpEchoLongWorkload, tcpEchoWorkload } from '../../src/workloads/tcp-echo.js';

describe('tcp-echo: lines and verify', () => {
  test('a line is client:index: padded with dots to 47 characters, 48 bytes with its newline', () => {
    expect(echoLine(12, 345)).toBe(`12:345:${'.'.repeat(40)}`);
    expect(LINE_BYTES).toBe(48);
  });

  test('500 clients × 100 lines: 50,000 round trips and 2,400,000 bytes verify', () => {
    expect(tcpEchoWorkload.verify({ roundTrips: 50_000, mismatches: 0, bytes: 2_400_000 }, { n: 500, seedMs: 300 })).toEqual([]);
  });

  test('one echo out of order is a mismatch, and the round trip is not counted', () => {
    expect(tcpEchoWorkload.verify({ roundTrips: 49_999, mismatches: 1, bytes: 2_400_000 }, { n: 500, seedMs: 300 })).toEqual([
      'round trips echoed unchanged is 49999, expected 50000',
      'mismatched echoes is 1, expected 0',
    ]);
  });

  test('tcp-echo-long: 10 clients × n lines', () => {
    expect(tcpEchoLongWorkload.verify({ roundTrips: 100_000, mismatches: 0, bytes: 4_800_000 }, { n: 10_000, seedMs: 300 })).toEqual([]);
    expect(tcpEchoLongWorkload.verify({ roundTrips: 100_000, mismatches: 0, bytes: 4_799_952 }, { n: 10_000, seedMs: 300 })).toEqual([
      'bytes echoed is 4799952, expected 4800000',
    ]);
  });
});
