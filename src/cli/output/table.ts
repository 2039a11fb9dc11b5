/** Plain aligned text tables (no borders: easy to grep, paste and diff). */
/** `paint` colours a body cell once it is padded (so colour codes do not upset the alignment). */
export function renderTable(header: string[], rows: string[][], rightAligned: number[] = [], paint?: (row: number, column: number, padded: string) => string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], row: number) =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : rightAligned.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
        return paint && row >= 0 ? paint(row, i, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return `${[line(header, -1), ...rows.map((r, i) => line(r, i))].join('\n')}\n`;
}
