/** A loop's overall result from its items' results, as Ansible's task executor builds it (key order included: to_json shows it). */
import type { ModuleResult } from '../../modules/types.js';

export function loopSummary(results: ModuleResult[]): ModuleResult {
  if (results.length === 0) return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] };
  const summary: ModuleResult = { results, skipped: results.every((r) => r.skipped) };
  if (results.some((r) => r.changed)) summary.changed = true;
  if (results.some((r) => r.failed)) {
    summary.failed = true;
    summary.msg = 'One or more items failed';
  } else summary.msg = summary.skipped ? 'All items skipped' : 'All items completed';
  if (!('changed' in summary)) summary.changed = false;
  return summary;
}
