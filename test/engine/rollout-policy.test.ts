/**
 * The rollout bound of a cluster and its batches, from the policy keys as users write them.
 */
import type { Outcome } from '../../src/engine/deploy/outcome.js';
import { batchRoom, clusterBound, planBatches, runPolicyStop, type BoundPolicy as Rollout } from '../../src/engine/rollout/policy.js';
import type { RunPolicy } from '../../src/settings/model.js';

describe('how many hosts of a cluster may be down at once', () => {
  it.each<[string, Rollout, number, number | string]>([
    ['majority of 3', { quorum: 'majority' }, 3, 1],
    ['majority of 4', { quorum: 'majority' }, 4, 1],
    ['majority of 5', { quorum: 'majority' }, 5, 2],
    ['majority of 7', { quorum: 'majority' }, 7, 3],
    ['majority of 2: none, refused', { quorum: 'majority' }, 2, 'quorum: majority of 2 hosts allows none down: restarting any host loses the majority (add hosts, or set max_unavailable)'],
    ['majority of 1: none, refused', { quorum: 'majority' }, 1, 'quorum: majority of 1 host allows none down: restarting any host loses the majority (add hosts, or set max_unavailable)'],
    ['max_unavailable 2 of 10', { maxUnavailable: 2 }, 10, 2],
    ['max_unavailable 5 of 3: all 3', { maxUnavailable: 5 }, 3, 3],
    ['25% of 30: 7 (rounded down)', { maxUnavailable: '25%' }, 30, 7],
    ['25% of 3: at least 1', { maxUnavailable: '25%' }, 3, 1],
    ['100% of 4', { maxUnavailable: '100%' }, 4, 4],
    ['no policy: one at a time', {}, 12, 1],
  ])('%s', (_what, rollout, size, expected) => {
    const bound = clusterBound(rollout, size);
    if (typeof expected === 'string') expect(bound).toEqual({ refused: expected });
    else expect('allowed' in bound && bound.allowed).toBe(expected);
  });

  it('names its rule', () => {
    expect(clusterBound({ quorum: 'majority' }, 5)).toEqual({ allowed: 2, rule: 'quorum: majority (2 of 5 down at most)' });
    expect(clusterBound({ maxUnavailable: '25%' }, 30)).toEqual({ allowed: 7, rule: 'max_unavailable: 25% (7 of 30 down at most)' });
  });
});

describe('batches of a cluster', () => {
  const five = ['zk1', 'zk2', 'zk3', 'zk4', 'zk5'];

  it.each<[string, Rollout, number, string[], string[], string[][] | string]>([
    // what, policy, cluster size, hosts to restart, hosts down already → batches, or the refusal
    ['majority of 5, all up: two at a time', { quorum: 'majority' }, 5, five, [], [['zk1', 'zk2'], ['zk3', 'zk4'], ['zk5']]],
    ['majority of 5, one down: one at a time, the down one left alone', { quorum: 'majority' }, 5, five, ['zk3'], [['zk1'], ['zk2'], ['zk4'], ['zk5']]],
    ['majority of 5, two down: refused', { quorum: 'majority' }, 5, five, ['zk2', 'zk4'], 'cluster zk: zk2, zk4 are down already, and quorum: majority (2 of 5 down at most) leaves no room to take another down'],
    ['majority of 3, one down: refused', { quorum: 'majority' }, 3, ['zk1', 'zk2', 'zk3'], ['zk2'], 'cluster zk: zk2 is down already, and quorum: majority (1 of 3 down at most) leaves no room to take another down'],
    ['25% of 8: two at a time', { maxUnavailable: '25%' }, 8, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], [], [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]],
    ['only some hosts to restart (a limit): batches of those', { maxUnavailable: 2 }, 5, ['b', 'd', 'e'], [], [['b', 'd'], ['e']]],
    ['nothing to restart, even with no room', { quorum: 'majority' }, 3, [], ['zk1', 'zk2'], []],
  ])('%s', (_what, rollout, size, hosts, down, expected) => {
    const plan = planBatches(rollout, { name: 'zk', size }, hosts, down);
    if (typeof expected === 'string') expect(plan).toEqual({ refused: expected, down });
    else expect('batches' in plan && plan.batches).toEqual(expected);
  });
});

describe("the run's failure policy (max_fail_percentage, any_errors_fatal, count_unreachable)", () => {
  const hosts = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const outcomesOf = (failed: Record<string, Outcome>) => new Map(hosts.map((h) => [h, { outcome: failed[h] ?? ('changed' as Outcome) }]));
  const policy = (keys: Partial<RunPolicy>): RunPolicy => ({ anyErrorsFatal: false, countUnreachable: true, ...keys });

  it.each<[string, Partial<RunPolicy>, Record<string, Outcome>, string | undefined]>([
    ['no policy: failures do not stop the run (as Ansible by default)', {}, { n2: 'failed', n3: 'failed' }, undefined],
    ['nothing failed', { anyErrorsFatal: true, maxFailPercentage: 0 }, {}, undefined],
    ['any_errors_fatal: one failed host stops the run', { anyErrorsFatal: true }, { n4: 'failed' }, 'any_errors_fatal: n4 failed'],
    ['any_errors_fatal counts an unreachable host', { anyErrorsFatal: true }, { n1: 'unreachable' }, 'any_errors_fatal: n1 unreachable'],
    ['any_errors_fatal, count_unreachable: false: an unreachable host is tolerated', { anyErrorsFatal: true, countUnreachable: false }, { n1: 'unreachable' }, undefined],
    ['max_fail_percentage 0: the first failure', { maxFailPercentage: 0 }, { n5: 'failed' }, 'max_fail_percentage: 0: n5 failed (1 of 5, 20%)'],
    ['max_fail_percentage 20: 1 of 5 is not more than 20%', { maxFailPercentage: 20 }, { n5: 'failed' }, undefined],
    ['max_fail_percentage 20: 2 of 5 is', { maxFailPercentage: 20 }, { n1: 'failed', n5: 'unreachable' }, 'max_fail_percentage: 20: n1 failed, n5 unreachable (2 of 5, 40%)'],
    ['max_fail_percentage 20, count_unreachable: false', { maxFailPercentage: 20, countUnreachable: false }, { n1: 'failed', n5: 'unreachable' }, undefined],
    ['interrupted hosts are not failures', { maxFailPercentage: 0 }, { n2: 'interrupted' }, undefined],
  ])('%s', (_what, keys, failed, expected) => {
    expect(runPolicyStop(policy(keys), hosts, outcomesOf(failed))).toBe(expected);
  });
});

describe('a later batch, with the cluster read again', () => {
  const majorityOfFive = { allowed: 2, rule: 'quorum: majority (2 of 5 down at most)' };
  it.each<[string, string[], string[], string | undefined]>([
    ['nothing went down: the batch fits', ['zk3', 'zk4'], [], undefined],
    ['one went down, a batch of one still fits', ['zk3'], ['zk5'], undefined],
    ["a batch's own host that is down is not counted twice", ['zk3', 'zk4'], ['zk4'], undefined],
    ['one went down: a batch of two would break the bound', ['zk3', 'zk4'], ['zk5'], 'cluster main: zk5 is down now, and taking zk3, zk4 down too would break quorum: majority (2 of 5 down at most): the rollout stops before it'],
    ['two went down: no batch fits', ['zk3'], ['zk1', 'zk5'], 'cluster main: zk1, zk5 are down now, and taking zk3 down too would break quorum: majority (2 of 5 down at most): the rollout stops before it'],
  ])('%s', (_what, batch, downNow, expected) => {
    expect(batchRoom(majorityOfFive, 'main', batch, downNow)).toBe(expected);
  });
});
