import { describe, expect, it } from 'vitest';
import { formatTable } from './tabwriter.js';

describe('formatTable (Go tabwriter: minwidth 6, padding 3)', () => {
  it.each([
    ['pads every column but the last to the widest cell + 3', [['NAME', 'READY', 'AGE'], ['web-long-name', '1/1', '5s']], 'NAME            READY   AGE\nweb-long-name   1/1     5s\n'],
    ['short columns are at least 6 wide', [['A', 'B'], ['x', 'y']], 'A     B\nx     y\n'],
    ['the last cell is never padded', [['NAME'], ['a']], 'NAME\na\n'],
    ['no rows', [], ''],
  ])('%s', (_n, rows, expected) => {
    expect(formatTable(rows)).toBe(expected);
  });
});
