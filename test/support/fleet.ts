/** Test helpers: a real sshd fleet per test file, and the real `deployer` binary. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startFleet, stopFleet, type FleetOptions, type FleetState } from '../../src/fleet/fleet.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestFleet extends FleetState {
  stop(): Promise<void>;
}

export async function testFleet(hosts: number, options: Partial<FleetOptions> = {}): Promise<TestFleet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-fleet-'));
  const state = await startFleet({ dir, hosts, ...options });
  return {
    ...state,
    stop: async () => {
      await stopFleet(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'deployer-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs bin/deployer.js as a user would, with a clean Ansible environment. */
export function deployer(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}) {
  return execa('node', [path.join(repo, 'bin/deployer.js'), ...args], {
    cwd: options.cwd ?? tempDir(),
    env: { ANSIBLE_CONFIG: '', NO_COLOR: '1', CI: 'true', ...options.env },
    extendEnv: true,
    reject: false,
    input: options.input,
    stripFinalNewline: false,
  });
}

/** Many deployer command lines run in one Node process (test/support/deployer-batch.mjs): their exit codes and standard output, in order. */
export async function deployerBatch(calls: { argv: string[]; cwd: string; env?: Record<string, string> }[]): Promise<{ exitCode: number; stdout: string }[]> {
  const run = await execa('node', [path.join(repo, 'test/support/deployer-batch.mjs')], {
    env: { ANSIBLE_CONFIG: '', NO_COLOR: '1', CI: 'true' },
    extendEnv: true,
    input: JSON.stringify(calls.map((c) => ({ ...c, env: c.env ?? {} }))),
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(run.stdout) as { exitCode: number; stdout: string }[];
}

/** The host names of the `host | STATUS ...` header lines, sorted. */
export function headers(stdout: string): { host: string; status: string }[] {
  return stdout
    .split('\n')
    .map((line) => /^(\S+) \| (SUCCESS|CHANGED|FAILED|UNREACHABLE!|FAILED!)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ host: m[1], status: m[2] }))
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}
