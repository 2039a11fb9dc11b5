/**
 * Helpers for tests that drive the example platform on the systemd fleet: settings edited the
 * way a user edits them, commands on the hosts, exit codes that say why when they are wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { writeFleetSettings } from '../../src/fleet/fleet-settings.js';
import { startSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';
import { deployer, repo, tempDir } from './fleet.js';

/** Changes the settings as a user edits them: one key at a time, the rest of the file as it was. */
export function editSetting(conf: string, keys: (string | number)[], value: unknown): void {
  const file = path.join(conf, 'deployment.yml');
  const document = parseDocument(fs.readFileSync(file, 'utf8'));
  if (value === undefined) document.deleteIn(keys);
  else document.setIn(keys, value);
  fs.writeFileSync(file, document.toString());
}

/** A command on the hosts of a pattern, as root; host → its output (one line). */
export async function onHosts(conf: string, command: string, pattern = 'all'): Promise<Record<string, string>> {
  const result = await deployer(['ssh', pattern, command, '-b', '-o', '--conf-dir', conf], { cwd: conf });
  return Object.fromEntries(
    String(result.stdout)
      .trim()
      .split('\n')
      .map((line) => /^(\S+) \| \w+ \| rc=\d+ \| \(stdout\) ?(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

/** The exit code, with the output when it is not the one expected (what a failing test needs to say why). */
export function expectExit(result: { exitCode?: number; stdout: unknown; stderr: unknown }, code: number): void {
  if (result.exitCode !== code) throw new Error(`exit code ${result.exitCode}, expected ${code}\n--- stdout:\n${String(result.stdout).slice(-3000)}\n--- stderr:\n${String(result.stderr).slice(-2000)}`);
}

/**
 * A systemd fleet running the example platform's app: every host in its cluster, the release
 * archives of these versions built into the configuration folder (nothing deployed yet).
 */
export async function startAppFleet(options: { prefix: string; hosts: number; network: number; versions: string[] }): Promise<{ fleet: SystemdFleetState; dir: string; conf: string }> {
  const dir = tempDir(options.prefix);
  const fleet = await startSystemdFleet({ dir, hosts: options.hosts, network: options.network });
  const conf = path.join(dir, 'conf');
  writeFleetSettings(fleet, path.join(repo, 'examples/local-fleet'), conf);
  editSetting(conf, ['components', 'app', 'clusters', 'main', 'hosts'], fleet.hosts.map((h) => h.name));
  await execa('bash', [path.join(repo, 'bin/build-archives.sh'), path.join(conf, 'archives'), ...options.versions.map((v) => `app:${v}`)]);
  return { fleet, dir, conf };
}
