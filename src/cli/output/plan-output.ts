/** A deploy's plan as the terminal shows it (`deploy --plan`, and before the question on a terminal). */
import chalk from 'chalk';
import type { DeployPreview } from '../../engine/rollout/preview.js';
import type { PlannedHost } from '../../engine/rollout/plan.js';

const move = (h: PlannedHost) => `${h.host} ${h.from ?? 'nothing'} → ${h.to}`;

/** The lines of the plan; `color` for a terminal. */
export function planLines(preview: DeployPreview, color: boolean): string[] {
  const bold = (text: string) => (color ? chalk.bold(text) : text);
  const lines = [bold('plan:')];
  for (const [index, c] of preview.components.entries()) {
    const after = c.after.length ? `, after ${c.after.join(', ')} (healthy on its new version)` : '';
    lines.push(`${index + 1}. ${bold(`${c.component} ${c.version}`)}${after}`);
    if (c.mode === 'no service') lines.push('   no service: installed and configured, nothing restarted');
    else if (c.mode === 'deferred') lines.push('   restart: deferred: every host prepared, nothing restarted (deployer restart later)');
    else lines.push(`   health gate: ${c.health}; on_failure: ${c.onFailure}`);
    for (const cluster of c.clusters) {
      lines.push(`   cluster ${cluster.cluster} (${cluster.size} host${cluster.size === 1 ? '' : 's'}${cluster.bound && c.mode === 'rolling' ? `, ${cluster.bound.rule}` : ''})`);
      if (cluster.leaders.length) lines.push(`     leader (restarted last; read again before each batch): ${cluster.leaders.join(', ')}`);
      if (c.mode === 'rolling') {
        if (cluster.refused) lines.push(`     ${color ? chalk.red('refused') : 'refused'}: ${cluster.refused}; not restarted: ${cluster.batches.flat().map(move).join(', ')}`);
        else for (const [b, batch] of cluster.batches.entries()) lines.push(`     batch ${b + 1}: ${batch.map(move).join(', ')}`);
      } else {
        const changing = cluster.batches.flat();
        if (changing.length) lines.push(`     prepared: ${changing.map(move).join(', ')}`);
      }
      if (cluster.installs.length) lines.push(`     first install (started at once, nothing of theirs serves yet): ${cluster.installs.map(move).join(', ')}`);
      if (cluster.current.length) lines.push(`     on ${cluster.current[0]!.to} already (restarted only if their configuration, unit or patch changes): ${cluster.current.map((h) => h.host).join(', ')}`);
      if (cluster.down.length) lines.push(`     down (counted against the bound, not restarted): ${cluster.down.map((h) => `${h.host} ${h.state}`).join(', ')}`);
    }
  }
  const { policy } = preview;
  const counted = policy.countUnreachable ? 'unreachable hosts count as failed' : 'unreachable hosts do not count';
  if (policy.anyErrorsFatal) lines.push(`the run stops at the first failed host (any_errors_fatal; ${counted})`);
  else if (policy.maxFailPercentage !== undefined) lines.push(`the run stops when more than ${policy.maxFailPercentage}% of a component's hosts fail (max_fail_percentage; ${counted})`);
  else lines.push('a failed host does not stop the others (no max_fail_percentage or any_errors_fatal); a failed health gate stops its rollout and the components after it');
  return lines;
}

/** Whether a deploy of this plan may restart a running service (a host on its version already restarts when its configuration changes). */
export function mayRestartServices(preview: DeployPreview): boolean {
  return preview.components.some((c) => c.mode === 'rolling' && c.clusters.some((k) => k.batches.length > 0 || k.current.length > 0));
}
