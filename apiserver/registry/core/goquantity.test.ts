// Quantities as Go's %#v prints them in field errors: int64Amount and the cached string as ParseQuantity leaves them.
import { describe, expect, it } from 'vitest';
import { goQuantity } from './goquantity.js';

const q = (value: string, scale: number, s: string, format: string) =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s)}, Format:"${format}"}`;

describe('goQuantity', () => {
  it.each([
    ['2Gi', q('2147483648', 0, '2Gi', 'BinarySI')],
    ['8Gi', q('8589934592', 0, '', 'BinarySI')], // 8 & 7 == 0: ParseQuantity does not cache it
    ['500m', q('500', -3, '500m', 'DecimalSI')],
    ['1000m', q('1000', -3, '', 'DecimalSI')], // not canonical (1)
    ['1.5', q('15', -1, '', 'DecimalSI')],
    ['0', q('0', 0, '0', 'DecimalSI')],
    ['-1', q('-1', 0, '-1', 'DecimalSI')],
    ['2G', q('2', 9, '2G', 'DecimalSI')],
  ])('%s', (raw, want) => {
    expect(goQuantity(raw)).toBe(want);
  });

  it('takes the cached string String() left', () => {
    expect(goQuantity('8Gi', '8Gi')).toBe(q('8589934592', 0, '8Gi', 'BinarySI'));
  });
});
