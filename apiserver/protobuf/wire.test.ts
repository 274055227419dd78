// Wire-format reading: varints (including 10-byte negatives), field splitting, bounds checks.

import { describe, expect, it } from 'vitest';
import { bytes, fixed32, int32, int64, msg, str } from './encode-for-tests.js';
import { readFields, readPackedVarints, readVarint, WireError } from './wire.js';

describe('readVarint', () => {
  it.each([
    [[0x00], 0n],
    [[0x7f], 127n],
    [[0x80, 0x01], 128n],
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 2n ** 64n - 1n],
  ])('%j → %s', (b, want) => {
    expect(readVarint(new Uint8Array(b), 0)).toEqual([want, b.length]);
  });

  it.each([
    ['truncated', [0x80]],
    ['longer than 10 bytes', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ])('%s → WireError', (_n, b) => {
    expect(() => readVarint(new Uint8Array(b), 0)).toThrow(WireError);
  });
});

describe('readFields', () => {
  it('splits a message into fields with their wire types', () => {
    const got = [...readFields(msg(str(1, 'a'), int32(2, -1), fixed32(3, 9), bytes(4, new Uint8Array([1, 2]))))];
    expect(got.map((f) => [f.field, f.wireType])).toEqual([[1, 2], [2, 0], [3, 5], [4, 2]]);
    expect(BigInt.asIntN(32, got[1]!.varint)).toBe(-1n);
    expect([...got[3]!.bytes]).toEqual([1, 2]);
  });

  it('reads a large field number', () => {
    expect([...readFields(msg(int64(536870911, 1)))][0]!.field).toBe(536870911);
  });

  it.each([
    ['length past the end', [0x0a, 0x05, 0x61]],
    ['truncated fixed64', [0x09, 0x01, 0x02]],
    ['end group wire type', [0x0c]],
  ])('%s → WireError', (_n, b) => {
    expect(() => [...readFields(new Uint8Array(b))]).toThrow(WireError);
  });
});

describe('readPackedVarints', () => {
  it('reads a run of varints', () => {
    expect(readPackedVarints(new Uint8Array([0x01, 0x96, 0x01]))).toEqual([1n, 150n]);
  });
});
