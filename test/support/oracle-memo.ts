/**
 * Ansible's answers in the parity suites, remembered by their whole input. What ansible-playbook
 * answers depends only on its input (every file of the playbooks' folder, the command line, the
 * environment, the fleet's shape) and on Ansible itself, so an answer is kept under the SHA-256 of
 * all of that in /var/tmp/deployer-oracle and used again while the input is the same byte for
 * byte: a changed playbook, role, file or Ansible version runs Ansible again. Running Ansible is
 * most of the parity suite's time (its every run is CPU-bound on this 2-core machine); deployer's
 * side always runs. DEPLOYER_ORACLE=fresh runs Ansible every time (and renews the answers).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const DIR = process.env.DEPLOYER_ORACLE_DIR ?? '/var/tmp/deployer-oracle';
/** Raised when what an answer holds, or how it is taken, changes. */
const FORMAT = 1;

let ansible: string | undefined;
/** ansible-playbook --version: its version, Python's, and where it reads its configuration and plugins. */
function ansibleIdentity(): string {
  ansible ??= execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8', env: { ...process.env, ANSIBLE_CONFIG: '' } });
  return ansible;
}

/** The SHA-256 of a folder's files (paths and contents, symbolic links by their target), every file or those `keep` accepts (by path relative to the folder). */
export function folderDigest(root: string, keep: (relative: string) => boolean = () => true): string {
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const stat = fs.lstatSync(full);
      const rel = path.relative(root, full);
      if (!keep(rel)) continue;
      if (stat.isSymbolicLink()) hash.update(`link ${rel} ${fs.readlinkSync(full)}\0`);
      else if (stat.isDirectory()) walk(full);
      else hash.update(`file ${rel} ${(stat.mode & 0o777).toString(8)}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(root);
  return hash.digest('hex');
}

const entryFile = (input: unknown) => path.join(DIR, `${crypto.createHash('sha256').update(JSON.stringify({ FORMAT, ansible: ansibleIdentity(), input })).digest('hex')}.json`);

/**
 * Where an answer names a place of this machine (the playbooks' folder: Ansible prints an
 * include's absolute path), it is kept under a placeholder and read back with this machine's
 * place, so that an answer serves a checkout anywhere: `{ '<playbooks>': '/work/x/test/playbooks' }`.
 */
export type Places = Record<string, string>;

const replaceAll = (text: string, pairs: [string, string][]) => pairs.reduce((result, [from, to]) => result.split(from).join(to), text);

/** Ansible's answer kept for this input, if any (none under DEPLOYER_ORACLE=fresh). */
export function recall<T>(input: unknown, places: Places = {}): T | undefined {
  if (process.env.DEPLOYER_ORACLE === 'fresh') return undefined;
  let text: string;
  try {
    text = fs.readFileSync(entryFile(input), 'utf8');
  } catch {
    return undefined; // not asked yet
  }
  return JSON.parse(replaceAll(text, Object.entries(places))) as T;
}

/** Keeps Ansible's answer for this input. */
export function keep(input: unknown, answer: unknown, places: Places = {}): void {
  const file = entryFile(input);
  fs.mkdirSync(DIR, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, replaceAll(JSON.stringify(answer), Object.entries(places).map(([placeholder, place]) => [place, placeholder])));
  fs.renameSync(temporary, file);
}

/** Ansible's answer for this input: remembered, or asked (and kept). */
export async function remembered<T>(input: unknown, places: Places, ask: () => Promise<T>): Promise<T> {
  const known = recall<T>(input, places);
  if (known !== undefined) return known;
  const answer = await ask();
  keep(input, answer, places);
  return answer;
}
