/** Plain aligned text tables (no borders: easy to grep, paste and diff). */
/** `paint` colours a body cell once it is padded (so colour codes do not upset the alignment); `indent` starts every line. */
export function renderTable(header: string[], rows: string[][], rightAligned: number[] = [], paint?: (row: number, column: number, padded: string) => string, indent = ''): string {
  // plain loops: a status table may have tens of thousands of rows
  const widths = header.map((h) => h.length);
  for (const row of rows) for (let i = 0; i < widths.length; i++) if ((row[i] ?? '').length > widths[i]) widths[i] = (row[i] ?? '').length;
  const right = new Set(rightAligned);
  const line = (cells: string[], row: number) => {
    let text = indent;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      const padded = i === cells.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      text += (i ? '  ' : '') + (paint && row >= 0 ? paint(row, i, padded) : padded);
    }
    return text.trimEnd();
  };
  const lines = [line(header, -1)];
  for (let r = 0; r < rows.length; r++) lines.push(line(rows[r], r));
  return `${lines.join('\n')}\n`;
}
