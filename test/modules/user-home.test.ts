/** user's missing home folder, made by the script on this machine as on a host. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeMissingHome } from '../../src/modules/user-home.js';
import type { ModuleContext } from '../../src/modules/types.js';

const local = (check: boolean): ModuleContext => ({
  host: 'h',
  vars: {},
  check,
  diff: false,
  searchDirs: [],
  place: { baseDir: '.', taskFile: 'site.yml' },
  exec: async (command) => {
    const run = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
    return { exitCode: run.status ?? -1, stdout: run.stdout, stderr: run.stderr, durationMs: 0 };
  },
  evaluate: () => undefined,
  render: (text) => text,
});

describe("user's missing home folder", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-home-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const [uid, gid] = [String(process.getuid?.() ?? 0), String(process.getgid?.() ?? 0)];

  it('is made with the mode login.defs gives, owned by the account; one that is there is left', async () => {
    const home = path.join(dir, 'made');
    expect(await makeMissingHome(local(false), home, uid, gid)).toBe(true);
    expect(fs.statSync(home).isDirectory()).toBe(true);
    const umask = /^UMASK\s+(\d+)$/m.exec(fs.existsSync('/etc/login.defs') ? fs.readFileSync('/etc/login.defs', 'utf8') : '')?.[1];
    if (umask) expect((fs.statSync(home).mode & 0o777).toString(8)).toBe((0o777 & ~parseInt(umask, 8)).toString(8));
    expect(String(fs.statSync(home).uid)).toBe(uid);
    expect(await makeMissingHome(local(false), home, uid, gid)).toBe(false);
  });

  it('in check mode is reported, not made', async () => {
    const home = path.join(dir, 'checked');
    expect(await makeMissingHome(local(true), home, uid, gid)).toBe(true);
    expect(fs.existsSync(home)).toBe(false);
    execFileSync('mkdir', [home]);
    expect(await makeMissingHome(local(true), home, uid, gid)).toBe(false);
  });
});
