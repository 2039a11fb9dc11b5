/**
 * The rollout bound of a cluster and its batches, from the policy keys as users write them.
 */
import { clusterBound, planBatches } from '../../src/engine/rollout/policy.js';
import type { Rollout } from '../../src/settings/model.js';

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
