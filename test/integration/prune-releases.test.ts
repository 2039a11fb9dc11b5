/**
 * The script that keeps keep_releases releases (playbooks/files/prune_releases.sh), run for real
 * on folders of this machine: oldest records first, never the configured release, at least one
 * kept. (The running and the previous release, read from systemd, are the deploy tests' part on
 * the systemd fleet.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repo, tempDir } from '../support/fleet.js';

/** Releases installed in this order (their records one second apart); runs the script; what is left. */
async function prune(installed: string[], keep: number | string, configured: string, startScript?: string) {
  const root = tempDir('deployer-prune-');
  const state = path.join(root, '.deployer');
  fs.mkdirSync(state);
  installed.forEach((release, i) => {
    fs.mkdirSync(path.join(root, release, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(root, release, 'bin/app'), 'x');
    const record = path.join(state, `${release}.service`);
    fs.writeFileSync(record, '[Service]\n');
    fs.writeFileSync(path.join(state, `${release}.start`), `#!/bin/sh\n# X-Deployer-Release=${release}\n`);
    fs.utimesSync(record, 1_700_000_000 + i, 1_700_000_000 + i);
  });
  // the start script the unit runs names the configured release and its previous one
  if (startScript !== undefined) fs.writeFileSync(path.join(state, 'start'), startScript);
  // (a unit name that no systemd here knows: the running release is the deploy tests' part)
  const unit = startScript === undefined ? '' : 'deployer-prune-test-none';
  const args = ['--state-dir', state, '--install-root', `${root}/`, '--keep', String(keep), '--unit', unit, '--configured', configured];
  const result = await execa('sh', [path.join(repo, 'playbooks/files/prune_releases.sh'), ...args], { reject: false });
  const left = fs.readdirSync(root).filter((f) => f !== '.deployer').sort();
  const records = fs.readdirSync(state).filter((f) => f.endsWith('.service')).map((f) => f.replace(/\.service$/, '')).sort();
  const startRecords = fs.readdirSync(state).filter((f) => f.endsWith('.start')).map((f) => f.replace(/\.start$/, '')).sort();
  if (JSON.stringify(startRecords) !== JSON.stringify(records)) throw new Error(`records ${records} but start scripts ${startRecords}`);
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr, left, records };
}

describe('prune_releases.sh', () => {
  it.each([
    ['the oldest beyond keep go', ['app-1.0.0', 'app-1.1.0', 'app-1.2.0', 'app-1.3.0'], 2, 'app-1.3.0', ['app-1.2.0', 'app-1.3.0'], 'removed app-1.0.0\nremoved app-1.1.0\nkept: app-1.2.0 app-1.3.0'],
    ['oldest by record, not by name', ['app-2.0.0', 'app-10.0.0', 'app-1.0.0'], 1, 'app-1.0.0', ['app-1.0.0'], 'removed app-2.0.0\nremoved app-10.0.0\nkept: app-1.0.0'],
    ['never the configured release, even the oldest', ['app-1.0.0', 'app-1.1.0', 'app-1.2.0'], 2, 'app-1.0.0', ['app-1.0.0', 'app-1.2.0'], 'removed app-1.1.0\nkept: app-1.0.0 app-1.2.0'],
    ['nothing beyond keep: nothing removed', ['app-1.0.0', 'app-1.1.0'], 3, 'app-1.1.0', ['app-1.0.0', 'app-1.1.0'], 'kept: app-1.0.0 app-1.1.0'],
    ['keep 0 keeps one', ['app-1.0.0', 'app-1.1.0'], 0, 'app-1.1.0', ['app-1.1.0'], 'removed app-1.0.0\nkept: app-1.1.0'],
  ])('%s', async (_what, installed, keep, configured, left, stdout) => {
    const result = await prune(installed, keep, configured);
    expect(result).toEqual({ code: 0, stdout, stderr: '', left, records: left });
  });

  it('never the previous release the start script records, and a record goes with its start script', async () => {
    const script = '#!/bin/sh\n# X-Deployer-Component=app\n# X-Deployer-Release=app-1.2.0\n# X-Deployer-Previous=app-1.0.0\ncd /opt/app-1.2.0 || exit 200\nexec /opt/app-1.2.0/bin/app\n';
    const result = await prune(['app-1.0.0', 'app-1.1.0', 'app-1.2.0'], 1, 'app-1.2.0', script);
    expect(result).toEqual({ code: 0, stdout: 'removed app-1.1.0\nkept: app-1.0.0 app-1.2.0', stderr: '', left: ['app-1.0.0', 'app-1.2.0'], records: ['app-1.0.0', 'app-1.2.0'] });
  });

  it('refuses bad arguments, saying why, and removes nothing', async () => {
    const notANumber = await prune(['app-1.0.0', 'app-1.1.0'], 'two', 'app-1.1.0');
    expect(notANumber).toMatchObject({ code: 2, stderr: "prune_releases.sh: --keep must be a whole number, not 'two'", left: ['app-1.0.0', 'app-1.1.0'] });
    const missing = await execa('sh', [path.join(repo, 'playbooks/files/prune_releases.sh'), '--keep', '2'], { reject: false });
    expect(missing).toMatchObject({ exitCode: 2, stderr: 'prune_releases.sh: --state-dir is required' });
  });
});
