/** Python's str.splitlines: every line end Python knows (\n, \r\n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029); a last line end adds no empty line. */
export function splitlines(text: string, keepends = false): string[] {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n)|\x0b|\x0c|\x1c|\x1d|\x1e|\x85|\u2028|\u2029)/).filter((l) => l !== '');
  return keepends ? lines : lines.map((l) => l.replace(/(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])$/, ''));
}
