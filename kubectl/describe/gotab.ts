// Go's text/tabwriter as kubectl's describe uses it (minwidth 0, padding 2, spaces): cells end at
// tabs; a column's width is the widest cell in its block of consecutive lines that have that
// column, plus 2; text after a line's last tab is not aligned. Lines are collected, then laid out.

export class TabWriter {
  private text = '';

  /** Appends text (with \t cell ends and \n line ends), like fmt.Fprintf into the tabwriter. */
  write(s: string): void {
    this.text += s;
  }

  /** Writes `s` at an indent level (two spaces per level), like kubectl's PrefixWriter. */
  line(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }

  /** The text as written, tabs not expanded (kubectl prints some templates this way). */
  raw(): string {
    return this.text;
  }

  toString(): string {
    const lines = this.text.split('\n');
    const last = lines.pop() ?? '';
    const cells = lines.map((l) => l.split('\t'));
    const widths: number[][] = cells.map((c) => new Array<number>(Math.max(c.length - 1, 0)).fill(0));
    layout(cells, widths, 0, 0, cells.length);
    const out = cells.map((c, i) => c.map((cell, j) => (j < c.length - 1 ? cell.padEnd(widths[i][j]) : cell)).join('') + '\n');
    return out.join('') + last;
  }
}

/** Go's tabwriter.format: fixes widths of `column` for each block in lines [from, to), recursing. */
function layout(cells: string[][], widths: number[][], column: number, from: number, to: number): void {
  let i = from;
  while (i < to) {
    if (column >= cells[i].length - 1) {
      i++;
      continue;
    }
    const start = i;
    let width = 0;
    for (; i < to && column < cells[i].length - 1; i++) width = Math.max(width, [...cells[i][column]].length + 2);
    for (let k = start; k < i; k++) widths[k][column] = width + (cells[k][column].length - [...cells[k][column]].length);
    layout(cells, widths, column + 1, start, i);
  }
}
