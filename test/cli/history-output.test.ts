/** History lines a person can read: hosts with the same story together, each outcome named for what it is. */
import { recordLines } from '../../src/cli/output/history-output.js';
import type { JournalRecord } from '../../src/state/journal.js';

const base: Omit<JournalRecord, 'components' | 'hosts' | 'result'> = {
  started: '2026-03-04T10:00:00.000Z',
  ended: '2026-03-04T10:01:00.000Z',
  who: 'ops@controller',
  action: 'deploy',
  command: ['deploy', '--yes'],
  settings: { file: 'deployment.yml', sha256: 'a'.repeat(64) },
};

describe('history lines', () => {
  it('a rollout stopped by a failed host: the upgraded, the rolled back and those never restarted, and why', () => {
    const record: JournalRecord = {
      ...base,
      result: 'failed',
      components: {
        app: {
          node01: { before: 'app-1.0.0', after: 'app-1.1.0' },
          node02: { before: 'app-1.0.0', after: 'app-1.0.0' },
          node03: { before: 'app-1.0.0', after: 'app-1.0.0' },
        },
      },
      hosts: {
        node01: { outcome: 'changed' },
        node02: { outcome: 'failed', msg: 'app: rolled back to the release it ran: app on node02: not healthy within 20 s' },
        node03: { outcome: 'not restarted', msg: 'app: not restarted: the rollout stopped after node02 failed' },
      },
    };
    expect(recordLines(record).split('\n')).toEqual([
      '2026-03-04T10:00:00.000Z  ops@controller  deploy  failed  3 hosts (1 changed, 1 failed, 0 interrupted, 1 not restarted)',
      '    app: app-1.0.0 → app-1.1.0 on node01; app-1.0.0 kept on node02 (failed); app-1.0.0 kept on node03 (not restarted)',
      '    why: node02: app: rolled back to the release it ran: app on node02: not healthy within 20 s',
      `    deployer deploy --yes  [settings ${'a'.repeat(12)}]`,
      '',
    ]);
  });

  it('a refused restart is counted as refused, not failed; a first install says from nothing; a component not started says why', () => {
    const record: JournalRecord = {
      ...base,
      result: 'failed',
      components: {
        zookeeper: { zk1: { before: 'zk-1', after: 'zk-1' }, zk2: { before: 'zk-1', after: 'zk-1' } },
        agent: { zk1: { after: 'agent-2', outcome: 'changed' }, zk2: { after: 'agent-2', outcome: 'changed' } },
      },
      notStarted: { kafka: 'it depends on zookeeper, which failed' },
      hosts: {
        zk1: { outcome: 'refused', msg: 'zookeeper: not restarted: cluster main: zk3 is down already' },
        zk2: { outcome: 'refused', msg: 'zookeeper: not restarted: cluster main: zk3 is down already' },
      },
    };
    const lines = recordLines(record).split('\n');
    expect(lines[0]).toContain('2 hosts (0 changed, 0 failed, 0 interrupted, 2 refused)');
    expect(lines.slice(1, 5)).toEqual([
      '    zookeeper: zk-1 kept on zk1, zk2 (refused)',
      '    agent: (nothing) → agent-2 on zk1, zk2',
      '    kafka: not started: it depends on zookeeper, which failed',
      '    why: zk1: zookeeper: not restarted: cluster main: zk3 is down already',
    ]);
  });
});
