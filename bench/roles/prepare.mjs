/**
 * A folder per role, as a user would lay it out after `ansible-galaxy install`: the fetched copy
 * under roles/NAME (or collections/ansible_collections/NS/NAME), the roles it needs beside it, a
 * playbook that wraps it as its README says, and a one-host inventory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROLES, copyName, roleId } from './roles.mjs';

/** The fetched copy of a repository: SRC/owner+name/repo (a bare mirror, exported once) or SRC/owner+name (a checkout). */
export function locate(src, work, repo) {
  const copy = copyName(repo);
  const bare = path.join(src, copy, 'repo');
  if (fs.existsSync(path.join(bare, 'HEAD'))) {
    const commit = execFileSync('git', ['--git-dir', bare, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const out = path.join(work, 'copies', `${copy}@${commit.slice(0, 12)}`);
    if (!fs.existsSync(out)) {
      fs.mkdirSync(`${out}.part`, { recursive: true });
      execFileSync('sh', ['-c', 'git --git-dir="$0" archive HEAD | tar -x -C "$1"', bare, `${out}.part`]);
      fs.renameSync(`${out}.part`, out);
    }
    return { dir: out, commit };
  }
  const dir = path.join(src, copy);
  if (!fs.existsSync(dir)) throw new Error(`no copy of ${repo} in ${src} (fetch it first: see docs/public-roles.md)`);
  let commit = '?';
  try {
    commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // a copy without its history
  }
  return { dir, commit };
}

const byInstall = new Map(ROLES.filter((r) => r.install).map((r) => [r.install, r]));

function link(target, at) {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { force: true, recursive: false });
  fs.symlinkSync(target, at);
}

/** The play of a role's README, as YAML (JSON is YAML). */
export function playbookOf(role, hosts = 'all') {
  const play = { hosts, become: role.become ?? false, ...(role.vars ? { vars: role.vars } : {}), roles: role.roles.map((name) => ({ role: name })) };
  return `${JSON.stringify([play], null, 2)}\n`;
}

/** Lays out one role's folder; returns it and the commit of its copy. */
export function prepare(role, { src, work, inventory }) {
  const dir = path.join(work, 'plays', roleId(role));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const own = locate(src, work, role.repo);
  if (role.collection) link(own.dir, path.join(dir, 'collections/ansible_collections', ...role.collection.split('.')));
  else link(own.dir, path.join(dir, 'roles', role.install));
  for (const name of role.needs ?? []) link(locate(src, work, byInstall.get(name).repo).dir, path.join(dir, 'roles', name));
  fs.writeFileSync(path.join(dir, 'site.yml'), playbookOf(role));
  fs.writeFileSync(path.join(dir, 'inventory'), inventory ?? 'host01 ansible_host=127.0.0.1\n');
  return { dir, commit: own.commit };
}
