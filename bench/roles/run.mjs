#!/usr/bin/env node
/**
 * The public roles of issue 25, loaded and listed: each wrapped in a playbook as its README says
 * (./prepare.mjs), then `ansible-playbook --list-tasks` and `deployer play --list-tasks` on it;
 * per role, whether each loads and whether the listings are the same. Prints a Markdown table
 * (the one in docs/public-roles.md) and writes WORK/list-results.json.
 *
 * Usage: node bench/roles/run.mjs [--src DIR] [--work DIR] [--only ID,...] [--write docs/public-roles.md]
 *   --src   the fetched copies, DIR/owner+name (a checkout) or DIR/owner+name/repo (a bare mirror); default /work/.mirror
 *   --work  where the role folders are laid out; default $TMPDIR/deployer-public-roles
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { only, src, work, writeTo } from './options.mjs';
import { ROLES, roleId } from './roles.mjs';
import { prepare } from './prepare.mjs';
import { writeDocSection } from './doc-section.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, ANSIBLE_CONFIG: '', ANSIBLE_NOCOLOR: '1', NO_COLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'false' };

function run(command, args, cwd) {
  const ran = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: ran.status ?? -1, stdout: ran.stdout ?? '', stderr: ran.stderr ?? '' };
}

/** The task lines of a listing (include lines too: Ansible lists them as `include_tasks`). */
const taskLines = (stdout) => stdout.split('\n').filter((line) => /^ {6}\S/.test(line));
/** Where an error says it happened, and what (its first line). */
const firstError = (stderr) => stderr.split('\n').find((line) => /ERROR|error|Error/.test(line))?.trim().slice(0, 240) ?? stderr.trim().split('\n')[0]?.slice(0, 240) ?? '';

const results = [];
for (const role of ROLES.filter((r) => !only.length || only.includes(roleId(r)))) {
  const { dir, commit } = prepare(role, { src, work });
  const ansible = run('ansible-playbook', ['-i', 'inventory', 'site.yml', '--list-tasks'], dir);
  const ours = run('node', [path.join(repoRoot, 'bin/deployer.js'), 'play', '-i', 'inventory', 'site.yml', '--list-tasks'], dir);
  const theirs = taskLines(ansible.stdout);
  const mine = taskLines(ours.stdout);
  const firstDiff = ours.code === 0 && ours.stdout !== ansible.stdout ? ours.stdout.split('\n').find((line, i) => line !== ansible.stdout.split('\n')[i]) : undefined;
  const result = {
    id: roleId(role),
    repo: role.repo,
    commit: commit.slice(0, 7),
    ansible: { code: ansible.code, tasks: theirs.length, error: ansible.code ? firstError(ansible.stderr) : undefined },
    deployer: { code: ours.code, tasks: mine.length, error: ours.code ? firstError(ours.stderr) : undefined },
    // the same listing, or both refuse the playbook (a module neither has)
    same: ansible.code === 0 ? ours.code === 0 && ours.stdout === ansible.stdout : ours.code !== 0,
    firstDiff,
  };
  results.push(result);
  process.stderr.write(`${result.id}: ansible ${ansible.code}/${theirs.length}, deployer ${ours.code}/${mine.length}, ${result.same ? 'same' : 'DIFFERENT'}${result.deployer.error ? ` — ${result.deployer.error}` : ''}\n`);
}
fs.writeFileSync(path.join(work, 'list-results.json'), `${JSON.stringify(results, null, 2)}\n`);

const cell = (text) => String(text ?? '').replaceAll('|', '\\|').replaceAll(`${work}/plays/`, '');
const table = [];
const print = (line) => {
  table.push(line);
  console.log(line);
};
print('| role | repository @ commit | ansible-playbook | deployer | same listing |');
print('| --- | --- | --- | --- | --- |');
for (const r of results) {
  const side = (s) => (s.code === 0 ? `loads, ${s.tasks} tasks` : `fails: ${cell(s.error)}`);
  print(`| ${r.id} | ${r.repo} @ ${r.commit} | ${side(r.ansible)} | ${side(r.deployer)} | ${r.same ? (r.ansible.code ? 'yes (both refuse it)' : 'yes') : `no${r.firstDiff ? `: \`${cell(r.firstDiff.trim())}\`` : ''}`} |`);
}
const loads = results.filter((r) => r.deployer.code === 0).length;
const same = results.filter((r) => r.same).length;
print(`\n${results.length} roles: ansible-playbook loads ${results.filter((r) => r.ansible.code === 0).length}, deployer loads ${loads}, the same listing for ${same}.`);
if (writeTo) writeDocSection(writeTo, 'list', table.join('\n'));
