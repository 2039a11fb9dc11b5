/**
 * What a schema cannot say: names that must refer to something declared elsewhere in the file
 * (hosts of clusters, components of depends_on), names used twice, and generated group names
 * that would collide. Runs on data whose parts may be ill-typed: each check skips what it cannot read.
 */
import { isMapping, type Vars } from '../inventory/vars.js';
import { didYouMean, type SettingsIssue, type SettingsPath } from './issues.js';
import { clusterGroup, componentGroup } from './model.js';
import type { Locator } from './source.js';

const entries = (value: unknown): [string, unknown][] => (isMapping(value) ? Object.entries(value) : []);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function checkReferences(data: unknown, source: Locator): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const issue = (path: SettingsPath, message: string, key = false) => issues.push({ path, message, ...source.locate(path, key) });
  const root = isMapping(data) ? data : {};
  const hosts = new Set(entries(root.hosts).map(([name]) => name));
  const components = new Map(entries(root.components));
  const groups = new Map<string, string>();
  const claimGroup = (name: string, owner: string, path: SettingsPath) => {
    const previous = groups.get(name);
    if (previous) issue(path, `the inventory group '${name}' of ${owner} is already the group of ${previous}; rename one of them`, true);
    else groups.set(name, owner);
  };

  for (const [name, component] of components) {
    claimGroup(componentGroup(name), `component ${name}`, ['components', name]);
    const c = isMapping(component) ? (component as Vars) : {};
    // one map per component, no allocation per host unless it has an issue: a cluster may list thousands of hosts
    const clusterOf = new Map<string, string>();
    for (const [clusterName, cluster] of entries(c.clusters)) {
      const base: SettingsPath = ['components', name, 'clusters', clusterName];
      claimGroup(clusterGroup(name, clusterName), `cluster ${clusterName} of ${name}`, base);
      const listed = list(isMapping(cluster) ? cluster.hosts : undefined);
      for (let index = 0; index < listed.length; index++) {
        const host = listed[index];
        if (typeof host !== 'string') continue;
        const other = hosts.has(host) ? clusterOf.get(host) : undefined;
        if (other === undefined && hosts.has(host)) {
          clusterOf.set(host, clusterName);
          continue;
        }
        const path = [...base, 'hosts', index];
        const first = listed.indexOf(host);
        if (!hosts.has(host)) issue(path, `unknown host '${host}'${didYouMean(host, hosts)}; every host must be declared under hosts`);
        else if (first < index) issue(path, `host '${host}' is listed twice in this cluster (first at hosts[${first}])`);
        else issue(path, `host '${host}' is already in cluster '${other}' of ${name}: a host runs one instance of a component`);
      }
    }
    const dependencies = new Set<string>();
    list(c.depends_on).forEach((dependency, index) => {
      if (typeof dependency !== 'string') return;
      const path: SettingsPath = ['components', name, 'depends_on', index];
      if (!components.has(dependency)) issue(path, `unknown component '${dependency}'${didYouMean(dependency, components.keys())}`);
      else if (dependencies.has(dependency)) issue(path, `'${dependency}' is listed twice`);
      dependencies.add(dependency);
    });
    const rollout = isMapping(c.rollout) ? c.rollout : {};
    if (rollout.max_unavailable !== undefined && rollout.quorum !== undefined) {
      issue(['components', name, 'rollout'], 'set max_unavailable or quorum, not both');
    }
    if (rollout.leader !== undefined && c.service === undefined) {
      issue(['components', name, 'rollout', 'leader'], 'leader orders the restarts of a service: the component has no service');
    }
  }
  const stateOptions = isMapping(root.state_options) ? root.state_options : {};
  if ((stateOptions.cert === undefined) !== (stateOptions.key === undefined)) {
    issue(['state_options', stateOptions.cert === undefined ? 'key' : 'cert'], 'a client certificate needs its key: set both cert and key', true);
  }
  return issues;
}
