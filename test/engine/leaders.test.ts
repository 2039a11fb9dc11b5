/** The leader restarts last: the batches not run yet are reordered, each keeping its size. */
import { leadersLast } from '../../src/engine/rollout/leaders.js';

const hosts = (names: string) => names.split(' ').map((host) => ({ host }));
const batches = (layout: string) => layout.split(' | ').map(hosts);
const shown = (result: { host: string }[][]) => result.map((b) => b.map((h) => h.host).join(' ')).join(' | ');

describe('leadersLast', () => {
  it.each([
    ['the leader first of three, one at a time', 'zk1 | zk2 | zk3', 0, ['zk1'], 'zk2 | zk3 | zk1'],
    ['the leader already last', 'zk1 | zk2 | zk3', 0, ['zk3'], 'zk1 | zk2 | zk3'],
    ['no leader (an election under way): the order stays', 'zk1 | zk2 | zk3', 0, [], 'zk1 | zk2 | zk3'],
    ['two at a time of five: sizes kept', 'zk1 zk2 | zk3 zk4 | zk5', 0, ['zk2'], 'zk1 zk3 | zk4 zk5 | zk2'],
    ['leadership moved after the first batch: the batches run are kept', 'zk2 | zk3 | zk1', 1, ['zk3'], 'zk2 | zk1 | zk3'],
    ['a leader in a batch already run is not moved', 'zk2 | zk3 | zk1', 1, ['zk2'], 'zk2 | zk3 | zk1'],
    ['a host outside the cluster leading changes nothing', 'zk1 | zk2', 0, ['other'], 'zk1 | zk2'],
  ])('%s', (_name, layout, from, leaders, expected) => {
    expect(shown(leadersLast(batches(layout), from, new Set(leaders)))).toBe(expected);
  });
});
