import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './index.js';

// Cases from Go's src/time/time_test.go (parseDurationTests, durationTests), in milliseconds.
describe('parseDuration (Go time.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['5s', 5000],
    ['30s', 30_000],
    ['1478s', 1_478_000],
    ['-5s', -5000],
    ['+5s', 5000],
    ['-0', 0],
    ['+0', 0],
    ['5.0s', 5000],
    ['5.6s', 5600],
    ['5.s', 5000],
    ['.5s', 500],
    ['1.0s', 1000],
    ['1.00s', 1000],
    ['1.004s', 1004],
    ['1.0040s', 1004],
    ['100.00100s', 100_001],
    ['10ns', 10e-6],
    ['11us', 11e-3],
    ['12µs', 12e-3],
    ['12μs', 12e-3],
    ['13ms', 13],
    ['14s', 14_000],
    ['15m', 900_000],
    ['16h', 57_600_000],
    ['300ms', 300],
    ['1.5h', 5_400_000],
    ['-1.5h', -5_400_000],
    ['2h45m', 9_900_000],
    ['3h30m', 12_600_000],
    ['10.5s4m', 250_500],
    ['-2m3.4s', -123_400],
    ['1h2m3s4ms5us6ns', 3_723_004.005006],
    ['39h9m14.425s', 140_954_425],
    ['52763797000ns', 52_763.797],
    ['0.3333333333333333333h', 1_200_000],
  ])('%s = %d ms', (s, ms) => expect(parseDuration(s)).toBeCloseTo(ms, 6));

  it.each([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1h30', 'time: missing unit in duration "1h30"'],
    ['10 days', 'time: unknown unit " days" in duration "10 days"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ])('rejects %j: %s', (s, msg) => expect(() => parseDuration(s)).toThrow(msg));

  it('takes the largest int64 duration but not one nanosecond more', () => {
    expect(() => parseDuration('9223372036854775807ns')).not.toThrow();
    expect(parseDuration('-9223372036854775808ns')).toBeLessThan(0);
  });
});

describe('formatDuration (Go Duration.String)', () => {
  it.each([
    [0, '0s'],
    [1e-6, '1ns'],
    [1.1e-3, '1.1µs'],
    [2.2, '2.2ms'],
    [3300, '3.3s'],
    [-3300, '-3.3s'],
    [4 * 60_000 + 5000, '4m5s'],
    [4 * 60_000 + 5001, '4m5.001s'],
    [5 * 3_600_000 + 6 * 60_000 + 7001, '5h6m7.001s'],
    [8 * 60_000 + 1e-6, '8m0.000000001s'],
    [300_000, '5m0s'],
    [10_000, '10s'],
    [850, '850ms'],
    [1234, '1.234s'],
    [3_600_000, '1h0m0s'],
    [-1e-6, '-1ns'],
  ])('%d ms = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));

  it.each(['300ms', '1.5h', '2h45m0s', '-1.5h', '1h2m3.004005006s', '12µs'])('round-trips %s', (s) => {
    expect(parseDuration(formatDuration(parseDuration(s)))).toBeCloseTo(parseDuration(s), 9);
  });
});
