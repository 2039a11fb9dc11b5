/** What a deploy, restart or rollback leaves in the state store: its journal record and the versions it wanted. */
import type { LoadedSettings } from '../../settings/load.js';
import type { ConfiguredRelease } from '../../inspect/releases.js';
import type { DesiredRecord } from '../../state/fleet.js';
import { whoAmI, type JournalRecord } from '../../state/journal.js';
import { OUTCOME_RANK, UNFINISHED } from './outcome.js';
import type { DeployPlan } from './plan.js';
import type { DeployRunResult } from './run.js';

const releaseIn = (units: ConfiguredRelease[] | undefined, component: string) => units?.find((u) => u.component === component)?.release;

/** Per component and host the release before and after and the outcome; per host its worst outcome; the run's result. */
export function journalRecord(loaded: LoadedSettings, plan: DeployPlan, result: DeployRunResult, started: Date, argv: string[]): JournalRecord {
  const components: JournalRecord['components'] = {};
  const hosts: JournalRecord['hosts'] = {};
  for (const step of result.steps) {
    const releases: JournalRecord['components'][string] = {};
    for (const [host, entry] of step.hosts) {
      releases[host] = { before: releaseIn(result.before.get(host), step.component), after: releaseIn(result.after.get(host), step.component), outcome: entry.outcome };
      const known = hosts[host];
      if (!known || OUTCOME_RANK.indexOf(entry.outcome) > OUTCOME_RANK.indexOf(known.outcome)) hosts[host] = { outcome: entry.outcome, ...(entry.msg ? { msg: `${step.component}: ${entry.msg}` } : {}) };
    }
    components[step.component] = releases;
  }
  const failed = Object.values(hosts).some((h) => UNFINISHED.includes(h.outcome) && h.outcome !== 'interrupted') || result.notStarted.length > 0;
  return {
    started: started.toISOString(),
    ended: new Date().toISOString(),
    who: whoAmI(),
    action: plan.action,
    command: argv,
    settings: { file: loaded.settings.file, sha256: loaded.settings.sha256 },
    result: result.lostLock ? 'lost lock' : result.interrupted ? 'interrupted' : failed ? 'failed' : 'ok',
    components,
    ...(result.notStarted.length ? { notStarted: Object.fromEntries(result.notStarted.map((n) => [n.component, n.why])) } : {}),
    hosts,
  };
}

/** The versions a deploy wanted, per component, for the fleet records. */
export function desiredVersions(loaded: LoadedSettings, plan: DeployPlan, run: string, at: string): Record<string, DesiredRecord> {
  const versions = plan.steps.map((s) => [s.component, loaded.hosts.find((h) => h.component === s.component)?.version] as const);
  return Object.fromEntries(versions.filter(([, version]) => version !== undefined).map(([component, version]) => [component, { version: version!, at, run }]));
}
