/**
 * Ansible's strategies: linear (every host in step, task by task) and free (each host goes
 * through the play at its own pace; host_pinned differs only in how Ansible's workers are
 * pinned to hosts, which deployer's runs do not have). The debugger strategy is interactive.
 */
import type { PlaybookEvent } from './events.js';

export type Strategy = 'linear' | 'free' | 'debug';

const STRATEGIES: Record<string, Strategy> = { linear: 'linear', free: 'free', host_pinned: 'free', debug: 'debug' };

/** The strategy a name gives (short or ansible.builtin.), undefined for one Ansible has not. */
export function strategyNamed(name: string): Strategy | undefined {
  return STRATEGIES[name.replace(/^ansible\.(builtin|legacy)\./, '')];
}

/** What the free strategy warns about (Ansible's own words), when a task asks for it. */
export const FREE_WARNINGS = {
  anyErrorsFatal: 'Using any_errors_fatal with the free strategy is not supported, as tasks are executed independently on each host',
  maxFailPercentage: 'Using max_fail_percentage with the free strategy is not supported, as tasks are executed independently on each host',
  runOnce: 'Using run_once with the free strategy is not currently supported. This task will still be executed for every host in the inventory list.',
};

type TaskStart = Extract<PlaybookEvent, { type: 'task-start' }>;

/**
 * Banners under the free strategy: the default callback prints a task's banner with a result,
 * when the last banner it printed was another task's (hosts' results of different tasks interleave).
 */
export class FreeBanners {
  private readonly expected = new Map<string, { task: object; banner: TaskStart }>();
  private last: object | undefined;

  /** The task a host runs now, and its banner. */
  expect(host: string, task: object, banner: TaskStart): void {
    this.expected.set(host, { task, banner });
  }

  /** Before a result of the host: its task's banner, unless that banner was the last one shown. */
  take(host: string): TaskStart | undefined {
    const expected = this.expected.get(host);
    if (!expected || expected.task === this.last) return undefined;
    this.last = expected.task;
    return expected.banner;
  }
}
