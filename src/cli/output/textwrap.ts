/**
 * Python's textwrap.wrap with its defaults, as Ansible's Display wraps every warning: white space
 * made single spaces, words split after hyphens where Python splits them, words longer than a line
 * broken, white space dropped at the ends of lines.
 */
const WHITESPACE = '[\\t\\n\\x0b\\x0c\\r ]';
const NOT_WHITESPACE = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD_PUNCT = '[\\p{L}\\p{N}_!"\'&.,?]';
const LETTER = '[\\p{L}_]';
const WORD_SEPARATOR = new RegExp(
  `(${WHITESPACE}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=[\\p{L}\\p{N}_])` +
    `|${NOT_WHITESPACE}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WHITESPACE}|$)|(?<=${WORD_PUNCT})(?=-{2,}[\\p{L}\\p{N}_])))`,
  'u',
);

function expandTabs(text: string): string {
  let column = 0;
  let out = '';
  for (const char of text) {
    if (char === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column = char === '\n' || char === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

export function wrapText(text: string, width: number): string[] {
  const chunks = expandTabs(text)
    .replace(/[\t\n\x0b\x0c\r]/g, ' ')
    .split(WORD_SEPARATOR)
    .filter(Boolean)
    .reverse();
  const lines: string[] = [];
  const blank = (chunk: string) => chunk.trim() === '';
  while (chunks.length) {
    const line: string[] = [];
    let length = 0;
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length && length + [...chunks[chunks.length - 1]].length <= width) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      length += [...chunk].length;
    }
    if (chunks.length && [...chunks[chunks.length - 1]].length > width) {
      // a word longer than a line: cut, after a hyphen when there is one that leaves something before it
      const chunk = [...chunks[chunks.length - 1]];
      const left = width < 1 ? 1 : width - length;
      let end = left;
      const hyphen = chunk.slice(0, left).lastIndexOf('-');
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
      line.push(chunk.slice(0, end).join(''));
      chunks[chunks.length - 1] = chunk.slice(end).join('');
    }
    if (line.length && blank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}
