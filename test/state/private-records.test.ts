/**
 * The file store's records as written: masked (no secret: redact.ts) and private, 0600 files in a
 * 0700 journal folder; a journal, an audit trail or a folder an older deployer left readable by
 * all is tightened at the next write; a record written before masking is masked when read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appendAudit, auditFile, readAudit } from '../../src/state/audit.js';
import { appendRecord, journalFile, readJournal, type JournalRecord } from '../../src/state/journal.js';
import { acquireLock, lockFile, readLock } from '../../src/state/lock.js';
import { tempDir } from '../support/fleet.js';

const command = ['deploy', '-e', 'ansible_become_password=hunter2', '--extra-vars=api_token=t0k'];
const masked = ['deploy', '-e', 'ansible_become_password=***', '--extra-vars=api_token=***'];
const record: JournalRecord = {
  started: '2026-03-04T10:00:00.000Z',
  ended: '2026-03-04T10:01:00.000Z',
  who: 'ops@c',
  action: 'deploy',
  command,
  settings: { file: 'deployment.yml', sha256: '0'.repeat(64) },
  result: 'failed',
  components: { app: { node01: { before: 'app-1.0.0', after: 'app-1.0.0' } } },
  hosts: { node01: { outcome: 'failed', msg: 'app: login failed with db_password=s3cr3t' } },
};
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the records of the file store', () => {
  it('are written masked, 0600 in a 0700 folder', () => {
    const conf = tempDir('deployer-records-');
    appendRecord(conf, record);
    appendAudit(conf, { at: record.started, run: 'r1', event: 'begin', command });
    const lock = acquireLock(conf, { command });
    try {
      for (const file of [journalFile(conf), auditFile(conf), lockFile(conf)]) {
        expect(fs.readFileSync(file, 'utf8')).not.toMatch(/hunter2|t0k|s3cr3t/);
        expect(mode(file)).toBe(0o600);
      }
      expect(mode(path.dirname(journalFile(conf)))).toBe(0o700);
      expect(readJournal(conf).records[0]).toEqual({ ...record, command: masked, hosts: { node01: { outcome: 'failed', msg: 'app: login failed with db_password=***' } } });
      expect(readAudit(conf)[0].command).toEqual(masked);
      expect(readLock(conf)!.command).toEqual(masked);
    } finally {
      lock.release();
    }
  });

  it('left readable by all, are tightened at the next write; older records are masked when read', () => {
    const conf = tempDir('deployer-records-');
    const folder = path.dirname(journalFile(conf));
    fs.mkdirSync(folder);
    fs.chmodSync(folder, 0o755);
    fs.writeFileSync(journalFile(conf), `${JSON.stringify(record)}\n`, { mode: 0o644 });
    fs.writeFileSync(auditFile(conf), '', { mode: 0o666 });
    fs.chmodSync(auditFile(conf), 0o666);
    expect(readJournal(conf).records[0].command).toEqual(masked);
    appendRecord(conf, record);
    appendAudit(conf, { at: record.started, run: 'r1', event: 'end', result: 'ok' });
    expect([mode(folder), mode(journalFile(conf)), mode(auditFile(conf))]).toEqual([0o700, 0o600, 0o600]);
  });
});
