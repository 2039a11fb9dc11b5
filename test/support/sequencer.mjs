/**
 * Jest's order (failed first, then the slowest by its cache, else the biggest files), with the
 * playbook parity suite always first: it is the longest file by far, and a short partial run of it
 * (`-t list-`) would otherwise leave it at the end of the next full run with one worker idle.
 */
import Sequencer from '@jest/test-sequencer';

const FIRST = ['/test/compat/playbook-parity.test.ts'];
const rank = (test) => (FIRST.some((end) => test.path.endsWith(end)) ? 0 : 1);

export default class ParityFirst extends (Sequencer.default ?? Sequencer) {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
