/** A host's outcome in a deploy, restart or rollback, and which of two outcomes says more. */
import type { HostOutcome } from '../../state/journal.js';

export type Outcome = HostOutcome;

export interface HostResultOf {
  outcome: Outcome;
  msg?: string;
}

/** Least to most telling: a host's outcome over several runs is the worst of them. */
export const OUTCOME_RANK: readonly Outcome[] = ['ok', 'skipped', 'changed', 'not restarted', 'refused', 'interrupted', 'unreachable', 'failed'];

/** Outcomes of hosts the run did not bring to what it was asked: a re-run (-l @retry) picks them up. */
export const UNFINISHED: readonly Outcome[] = ['not restarted', 'refused', 'interrupted', 'unreachable', 'failed'];

/** The later outcome, unless the earlier one was worse. */
export const worseOf = (earlier: HostResultOf | undefined, later: HostResultOf) => (!earlier || OUTCOME_RANK.indexOf(later.outcome) >= OUTCOME_RANK.indexOf(earlier.outcome) ? later : earlier);
