// Turns hyperfine JSON exports into a section of bench/RESULTS.md (replacing that section's
// previous figures). Usage: write-results.mjs SECTION COMMAND deployer.json other.json... < pairs
// where each stdin line is "deployer name|other name|what is measured".
import fs from 'node:fs';
import os from 'node:os';
import { writeSection } from './results-section.mjs';

const [section, command, ...files] = process.argv.slice(2);
const results = new Map();
for (const file of files) {
  for (const r of JSON.parse(fs.readFileSync(file, 'utf8')).results) results.set(r.command, r);
}
const pairs = fs.readFileSync(0, 'utf8').trim().split('\n').map((line) => line.split('|'));
const s = (r) => `${r.median.toFixed(3)} s`;
const rows = pairs.map(([ours, theirs, what]) => {
  const a = results.get(ours);
  const b = results.get(theirs);
  return `| ${what} | ${s(a)} | ${theirs}: ${s(b)} | **${(b.median / a.median).toFixed(1)}x** |`;
});
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const block = [
  `<!-- ${section}:begin -->`,
  `### ${section}`,
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, Node ${process.version}. Medians of hyperfine runs measured in the same run.`,
  '',
  '| what | deployer | compared with | speed-up |',
  '|---|---|---|---|',
  ...rows,
  `<!-- ${section}:end -->`,
].join('\n');
writeSection(section, block);
console.log(block);
