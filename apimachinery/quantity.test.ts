import { describe, expect, it } from 'vitest';
import {
  addQuantity,
  canonicalQuantity,
  compareQuantity,
  ErrFormatWrong,
  ErrSuffix,
  asApproximateFloat,
  equalQuantity,
  formatQuantity,
  isZero,
  scaledValue,
  milliQuantity,
  milliValue,
  parseQuantity,
  quantityOf,
  quantityValue,
  QuantityError,
  subQuantity,
  tryParseQuantity,
} from './quantity.js';

describe('parseQuantity → milli-units and units', () => {
  it.each([
    // input, milliValue, value (rounded away from zero), canonical
    ['100m', 100, 1, '100m'],
    ['1', 1000, 1, '1'],
    ['1.5', 1500, 2, '1500m'],
    ['0.5', 500, 1, '500m'],
    ['250m', 250, 1, '250m'],
    ['1000m', 1000, 1, '1'],
    ['2', 2000, 2, '2'],
    ['1000', 1_000_000, 1000, '1k'],
    ['1500', 1_500_000, 1500, '1500'],
    ['128Mi', 134217728000, 134217728, '128Mi'],
    ['1Gi', 1073741824000, 1073741824, '1Gi'],
    ['1.5Gi', 1610612736000, 1610612736, '1536Mi'],
    ['2Ki', 2048000, 2048, '2Ki'],
    ['0.5Ki', 512000, 512, '512'],
    ['1024Ki', 1048576000, 1048576, '1Mi'],
    ['1G', 1e12, 1e9, '1G'],
    ['1M', 1e9, 1e6, '1M'],
    ['1k', 1e6, 1e3, '1k'],
    ['1e3', 1e6, 1e3, '1e3'],
    ['1E3', 1e6, 1e3, '1e3'],
    ['1.5e3', 1.5e6, 1500, '1500'],
    ['5e-3', 5, 1, '5e-3'],
    ['1n', 1, 1, '1n'],
    ['1u', 1, 1, '1u'],
    ['0.1n', 1, 1, '1n'],
    ['-100m', -100, -1, '-100m'],
    ['+2', 2000, 2, '2'],
    ['0', 0, 0, '0'],
    ['0Mi', 0, 0, '0'],
    ['.5', 500, 1, '500m'],
    ['1.', 1000, 1, '1'],
    ['007', 7000, 7, '7'],
    ['1E', 1e21, 1e18, '1E'],
  ])('%s', (s, milli, units, canonical) => {
    const q = parseQuantity(s);
    expect(milliValue(q)).toBe(milli);
    expect(quantityValue(q)).toBe(units);
    expect(formatQuantity(q)).toBe(canonical);
  });

  it.each([
    ['', ErrFormatWrong],
    ['abc', ErrFormatWrong],
    ['1.2.3', ErrFormatWrong],
    [' 1', ErrFormatWrong],
    ['1 ', ErrFormatWrong],
    ['1Mi5', ErrSuffix],
    ['1e', ErrSuffix],
    ['1K', ErrSuffix],
    ['1mi', ErrSuffix],
  ])('rejects %j', (s, msg) => {
    expect(() => parseQuantity(s)).toThrow(new QuantityError(msg));
    expect(tryParseQuantity(s)).toBeUndefined();
  });
});

describe('arithmetic', () => {
  it('compares across formats and scales', () => {
    expect(compareQuantity(parseQuantity('1'), parseQuantity('1000m'))).toBe(0);
    expect(compareQuantity(parseQuantity('1Ki'), parseQuantity('1k'))).toBe(1);
    expect(compareQuantity(parseQuantity('999m'), parseQuantity('1'))).toBe(-1);
    expect(compareQuantity(parseQuantity('-1'), parseQuantity('0'))).toBe(-1);
  });

  it('adds and subtracts exactly, keeping the first format', () => {
    expect(formatQuantity(addQuantity(parseQuantity('100m'), parseQuantity('1.9')))).toBe('2');
    expect(formatQuantity(addQuantity(parseQuantity('1Gi'), parseQuantity('512Mi')))).toBe('1536Mi');
    expect(formatQuantity(addQuantity(parseQuantity('0'), parseQuantity('64Mi')))).toBe('64Mi');
    expect(formatQuantity(subQuantity(parseQuantity('1'), parseQuantity('250m')))).toBe('750m');
    expect(formatQuantity(subQuantity(parseQuantity('1'), parseQuantity('1500m')))).toBe('-500m');
    // 0.1 + 0.2 is exact, unlike floats
    expect(milliValue(addQuantity(parseQuantity('0.1'), parseQuantity('0.2')))).toBe(300);
  });

  it('builds quantities from integers', () => {
    expect(formatQuantity(milliQuantity(250))).toBe('250m');
    expect(formatQuantity(milliQuantity(2000))).toBe('2');
    expect(formatQuantity(quantityOf(1073741824, 0, 'BinarySI'))).toBe('1Gi');
    expect(formatQuantity(quantityOf(4, 9))).toBe('4G');
    expect(() => quantityOf(1.5)).toThrow(QuantityError);
  });

  it('canonicalQuantity spells like Kubernetes', () => {
    expect(canonicalQuantity('1024Mi')).toBe('1Gi');
    expect(canonicalQuantity('2000m')).toBe('2');
  });
});

describe('helpers', () => {
  it('scales, compares for equality and approximates', () => {
    expect(scaledValue(parseQuantity('1.5Gi'), 6)).toBe(1611n); // megabytes, rounded up
    expect(scaledValue(parseQuantity('-1.5'), 0)).toBe(-2n); // away from zero, like Kubernetes
    expect(equalQuantity(parseQuantity('1Ki'), parseQuantity('1024'))).toBe(true);
    expect(isZero(parseQuantity('0m'))).toBe(true);
    expect(isZero(parseQuantity('1n'))).toBe(false);
    expect(asApproximateFloat(parseQuantity('250m'))).toBeCloseTo(0.25);
  });
});
