/** Replaces the `<!-- NAME:begin -->` ... `<!-- NAME:end -->` section of a Markdown file (docs/public-roles.md) with new text. */
import fs from 'node:fs';

export function writeDocSection(file, name, text) {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const current = fs.readFileSync(file, 'utf8');
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: no ${begin} ... ${end} section`);
  fs.writeFileSync(file, `${current.slice(0, from + begin.length)}\n${text.trim()}\n${current.slice(to)}`);
}
