/** Retry files change only by what a run knows: its failures are added, its successes taken out. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { updateRetryFile } from '../../src/engine/retry.js';

function withRetryFile(before: string | undefined): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-retry-'));
  const file = path.join(dir, 'ssh.retry');
  if (before !== undefined) fs.writeFileSync(file, before);
  return { dir, file };
}

describe('updateRetryFile', () => {
  it.each<[string, string | undefined, string[], string[], string | undefined]>([
    ['a first failure', undefined, ['web2'], ['web1'], 'web2\n'],
    ['nothing failed and no file', undefined, [], ['web1'], undefined],
    ['an unrelated success keeps the file', 'web2\n', [], ['web1'], 'web2\n'],
    ['a retried host that now succeeds is taken out', 'web2\nweb3\n', [], ['web2'], 'web3\n'],
    ['the last host retried with success removes the file', 'web2\n', [], ['web2'], undefined],
    ['new failures come after the ones already there', 'web2\n', ['web4', 'web2'], [], 'web2\nweb4\n'],
    ['a host that failed again stays once', 'web2\n', ['web2'], ['web1'], 'web2\n'],
    ['blank lines and spaces in a hand-edited file', '\n web2 \n\n', [], [], 'web2\n'],
  ])('%s', (_name, before, failed, succeeded, after) => {
    const { dir, file } = withRetryFile(before);
    const result = updateRetryFile('ssh', { failed, succeeded }, { cwd: dir });
    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined).toBe(after);
    expect(result).toEqual(after === undefined ? {} : { file });
  });

  it('is a no-op when retry files are off', () => {
    const { dir, file } = withRetryFile('web2\n');
    expect(updateRetryFile('ssh', { failed: ['web9'], succeeded: ['web2'] }, { cwd: dir, enabled: false })).toEqual({});
    expect(fs.readFileSync(file, 'utf8')).toBe('web2\n');
  });

  it('reports a folder it cannot write instead of throwing', () => {
    const result = updateRetryFile('ssh', { failed: ['web1'], succeeded: [] }, { cwd: '/', saveDir: '/proc/deployer-no-such-folder' });
    expect(result.error).toMatch(/^Could not update the retry file \/proc\/deployer-no-such-folder\/ssh\.retry: E[A-Z]+$/);
  });
});
