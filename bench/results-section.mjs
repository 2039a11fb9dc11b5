// Writes one section of bench/RESULTS.md (`<!-- NAME:begin -->` ... `<!-- NAME:end -->`),
// replacing that section's previous figures, or adding it at the end.
import fs from 'node:fs';

export function writeSection(section, block) {
  const path = new URL('./RESULTS.md', import.meta.url);
  let text = fs.existsSync(path) ? fs.readFileSync(path, 'utf8') : '# Benchmark results\n\nEach section is rewritten by the script named in it. Machines are shared and noisy: compare the ratios, which are measured in one run, more than the absolute times.\n';
  const re = new RegExp(`<!-- ${section}:begin -->[\\s\\S]*?<!-- ${section}:end -->`);
  text = re.test(text) ? text.replace(re, () => block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(path, text);
}
