/**
 * The plan of a deploy before anything is touched (`deployer deploy --plan`, and the question
 * asked on a terminal): components in dependency order, each host's version from → to, the
 * batches its restarts would take under the cluster's bound, the health gate of each. Built from
 * the settings and the hosts' status rows (a pure function): the hosts whose running version
 * differs from the one the deploy installs are the ones restarted; a host that already runs it
 * restarts only if its configuration, unit or patch changes, which only the run itself can tell.
 */
import type { LoadedSettings } from '../../settings/load.js';
import type { StatusRow } from '../status/rows.js';
import type { DeployPlan } from '../deploy/plan.js';
import { leadersLast } from './leaders.js';
import { rolloutPlan, type ClusterPlan, type ComponentPlan } from './plan.js';

export interface ClusterPreview extends ClusterPlan {
  /** Its hosts that lead it now (`rollout.leader`): restarted last, read again before each batch. */
  leaders: string[];
}

export interface ComponentPreview extends ComponentPlan {
  clusters: ClusterPreview[];
  version: string;
  /** The components this one starts after (each healthy on its new version first). */
  after: string[];
  /** How its hosts change: restarted in batches (`rolling`), or prepared only. */
  mode: 'rolling' | 'deferred' | 'no service';
  minHealthyTime?: number;
  onFailure: string;
}

export interface DeployPreview {
  components: ComponentPreview[];
  policy: LoadedSettings['settings']['runPolicy'];
}

/** The plan of a deploy (`plan.action` is deploy); `selected`: the hosts of the run (-l applied); `leaders`: the hosts whose leader command says they lead. */
export function previewDeploy(loaded: LoadedSettings, plan: DeployPlan, rows: StatusRow[], selected: Set<string>, leaders: ReadonlySet<string> = new Set()): DeployPreview {
  const components = plan.steps.map((step): ComponentPreview => {
    const component = loaded.settings.components.find((c) => c.name === step.component)!;
    const expected = loaded.hosts.filter((h) => h.component === component.name);
    // as the rollout will see them once prepared: a host whose running version changes is restart pending
    const asPrepared = rows
      .filter((r) => r.component === component.name)
      .map((r): StatusRow => (['ok', 'drift', 'restart pending'].includes(r.state) && r.running !== r.desired ? { ...r, state: 'restart pending' } : r.state === 'drift' ? { ...r, state: 'ok' } : r));
    const mode: ComponentPreview['mode'] = !component.service ? 'no service' : component.restart === 'deferred' ? 'deferred' : 'rolling';
    const planned = rolloutPlan(component, expected, asPrepared, selected);
    const clusters = planned.clusters.map((cluster): ClusterPreview => {
      const members = component.clusters.find((k) => k.name === cluster.cluster)?.hosts ?? [];
      return { ...cluster, batches: leadersLast(cluster.batches, 0, leaders), leaders: members.filter((h) => leaders.has(h)) };
    });
    return {
      ...planned,
      clusters,
      version: [...new Set(expected.map((e) => e.version))].join(', '),
      after: component.dependsOn,
      mode,
      ...(component.service ? { minHealthyTime: component.rollout.minHealthyTime } : {}),
      onFailure: component.rollout.onFailure,
    };
  });
  return { components, policy: loaded.settings.runPolicy };
}
