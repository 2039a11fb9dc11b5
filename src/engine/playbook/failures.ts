/**
 * How Ansible 2.14 weighs a failure: where the task sits among blocks decides whether the host is
 * "failed" for any_errors_fatal (PlayIterator.is_failed) and whether it is done (its next state
 * COMPLETE: it joins the failed hosts that max_fail_percentage counts); a serial batch that
 * failed whole, too many failures, or a fatal error ends the whole playbook, not only the play.
 */

/** The block section a task runs in, and what a failure there means. */
export interface BlockLevel {
  section: 'tasks' | 'rescue' | 'always';
  /** A rescue or always section is still ahead: a host failing here is not done yet. */
  pending: boolean;
  /** A failure here is no failure to any_errors_fatal: a rescue or always right around it, or a rescue further out. */
  shielded: boolean;
  /** This level is the tasks of a block with a rescue: every level inside it is shielded. */
  rescues: boolean;
  outerRescue: boolean;
}

/** The level of a block's section, inside the level around it (an include or role is a block with neither). */
export function enterLevel(outer: BlockLevel | undefined, section: BlockLevel['section'], hasRescue: boolean, hasAlways: boolean): BlockLevel {
  const recoversHere = (section === 'tasks' && (hasRescue || hasAlways)) || (section === 'rescue' && hasAlways);
  const outerRescue = Boolean(outer && (outer.outerRescue || outer.rescues));
  return { section, pending: Boolean(outer?.pending) || recoversHere, shielded: recoversHere || outerRescue, rescues: section === 'tasks' && hasRescue, outerRescue };
}

/** One serial batch's run: Ansible's TaskQueueManager failed hosts, and whether the playbook must stop after it. */
export class BatchRun {
  /** Hosts done with a failure, or marked failed by any_errors_fatal or max_fail_percentage (_tqm._failed_hosts). */
  readonly failed = new Set<string>();
  /** any_errors_fatal or max_fail_percentage fired (RUN_FAILED_BREAK_PLAY). */
  breakPlay = false;

  constructor(
    readonly hosts: string[],
    /** Hosts already failed or unreachable before the batch started. */
    readonly failedBefore: Set<string>,
  ) {}

  /** As the playbook executor: too many failures, or every host of the batch failed in it. */
  stopsPlaybook(failedNow: (host: string) => boolean): boolean {
    const newFailures = this.hosts.filter((host) => !this.failedBefore.has(host) && (failedNow(host) || this.failed.has(host))).length;
    return this.breakPlay || newFailures === this.hosts.length;
  }
}
