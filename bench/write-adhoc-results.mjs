// Writes the ad-hoc section of bench/RESULTS.md from hyperfine exports in a work folder.
// Usage: write-adhoc-results.mjs COMMAND WORK_DIR N:RSS_KB:ANSIBLE_FORKS...
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [command, work, ...runs] = process.argv.slice(2);
const median = (file, name) => JSON.parse(fs.readFileSync(file, 'utf8')).results.find((r) => r.command === name).median;
const rows = runs.map((run) => {
  const [n, rssKb, forks] = run.split(':');
  const fast = path.join(work, `fast-${n}.json`);
  const slow = path.join(work, `ansible-${n}.json`);
  const ours = median(fast, `deployer ssh (N=${n})`);
  const bare = median(fast, `bare ssh2 loop (N=${n})`);
  const pssh = median(fast, `parallel-ssh (N=${n})`);
  const raw = median(slow, `ansible -m raw (N=${n})`);
  const shell = median(slow, `ansible -m shell, pipelining (N=${n})`);
  const s = (x) => `${x.toFixed(2)} s`;
  return `| ${n} | ${s(ours)} | ${s(bare)} (${(ours / bare).toFixed(2)}x of it) | ${s(raw)} (**${(raw / ours).toFixed(1)}x**) | ${s(shell)} (**${(shell / ours).toFixed(1)}x**) | ${s(pssh)} (**${(pssh / ours).toFixed(1)}x**) | ${(Number(rssKb) / 1024).toFixed(0)} MB | ${forks} |`;
});
const block = [
  '<!-- adhoc:begin -->',
  '### adhoc',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}.`,
  'Every tool runs `df -h /` on every host of a fresh local fleet of real sshd hosts, with a fresh connection per host (Ansible with ControlPersist off). Medians: 5 runs (2 for Ansible), all measured in the same run; "Nx" is how many times longer the other tool took than deployer.',
  '',
  '| hosts | deployer ssh | bare ssh2 loop | ansible -m raw | ansible -m shell (pipelining) | parallel-ssh | deployer peak RSS | ansible forks |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '<!-- adhoc:end -->',
].join('\n');
const file = new URL('./RESULTS.md', import.meta.url);
let text = fs.readFileSync(file, 'utf8');
const re = /<!-- adhoc:begin -->[\s\S]*?<!-- adhoc:end -->/;
text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
fs.writeFileSync(file, text);
console.log(block);
