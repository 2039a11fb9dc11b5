/**
 * Whether a task's result counts as a failure, as Ansible's TaskResult.is_failed decides: with
 * failed_when (on the result or any of its items), by failed_when_result alone, so a task whose
 * retries ran out (failed: true) still succeeds when its failed_when did not hold; otherwise by
 * `failed`, on the result or any of its items.
 */
import type { ModuleResult } from '../../modules/types.js';
import { truthy } from '../../templating/jinja2/values.js';

const itemsOf = (result: ModuleResult): ModuleResult[] => (Array.isArray(result.results) ? result.results.filter((r): r is ModuleResult => typeof r === 'object' && r !== null) : []);

function checkKey(result: ModuleResult, key: string): boolean {
  if (key in result) return truthy(result[key] ?? false);
  return itemsOf(result).some((item) => truthy(item[key] ?? false));
}

export function isFailed(result: ModuleResult): boolean {
  const byFailedWhen = 'failed_when_result' in result || itemsOf(result).some((item) => 'failed_when_result' in item);
  return checkKey(result, byFailedWhen ? 'failed_when_result' : 'failed');
}
