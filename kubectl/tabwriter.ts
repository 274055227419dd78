// kubectl's column layout (Go text/tabwriter with minwidth 6, padding 3, spaces): every cell but the
// last in a row is padded to max(widest cell + 3, 6); the last cell is printed as is.
// With `remembered` widths (kubectl's watch printer, liggitt/tabwriter's RememberWidths), columns keep
// the widest width seen in earlier flushes and only grow.

export function formatTable(rows: readonly (readonly string[])[], remembered?: number[]): string {
  const widths: number[] = remembered ?? [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i === row.length - 1) return;
      widths[i] = Math.max(widths[i] ?? 0, Math.max([...cell].length + 3, 6));
    });
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + (cell.length - [...cell].length)))).join('') + '\n')
    .join('');
}
