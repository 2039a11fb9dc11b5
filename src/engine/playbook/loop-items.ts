/** The items a task loops over: `loop` and the `with_*` forms, as Ansible's lookups give them. */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../../errors.js';
import { fnmatchToRegExp } from '../../inventory/fnmatch.js';
import { isMapping, type Vars } from '../../inventory/vars.js';
import type { TaskDef } from '../../playbook/model.js';
import { templateValue } from '../../templating/expressions.js';

/**
 * The fileglob lookup: files (not folders) on the controller matching a pattern whose last part
 * may hold wildcards; relative patterns are found in `baseDir`. Sorted, so that runs repeat.
 */
function fileglob(pattern: string, baseDir: string): string[] {
  const full = path.resolve(baseDir, pattern);
  const dir = path.dirname(full);
  const match = fnmatchToRegExp(path.basename(full));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => match.test(name) && fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile())
    .sort()
    .map((name) => path.join(dir, name));
}

export function loopItems(task: Pick<TaskDef, 'loop'>, vars: Vars, baseDir = '.'): unknown[] {
  const { kind, value } = task.loop as { kind: string; value: unknown };
  const items = templateValue(value, vars);
  if (kind === 'with_dict') {
    if (!isMapping(items)) throw new DeployerError(`with_dict expects a dictionary, got ${JSON.stringify(items)}`);
    return Object.entries(items).map(([key, v]) => ({ key, value: v }));
  }
  if (kind === 'with_fileglob') return (Array.isArray(items) ? items : [items]).flatMap((pattern) => fileglob(String(pattern), baseDir));
  if (kind === 'with_indexed_items') return (items as unknown[]).map((item, i) => [i, item]);
  if (kind === 'with_sequence') {
    const spec = String(items);
    const m = /start=(\d+)\s+end=(\d+)(?:\s+stride=(\d+))?/.exec(spec) ?? /^(\d+)-(\d+)$/.exec(spec);
    if (!m) throw new DeployerError(`unsupported with_sequence '${spec}'`);
    const out: string[] = [];
    for (let i = Number(m[1]); i <= Number(m[2]); i += Number(m[3] ?? 1)) out.push(String(i));
    return out;
  }
  const list = items === null || items === undefined ? [] : Array.isArray(items) ? items : typeof items === 'string' ? [items] : [items];
  if (kind === 'loop' && !Array.isArray(items)) throw new DeployerError(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(items)}`);
  // with_items flattens one level, as Ansible's items lookup does
  return kind === 'with_items' || kind === 'with_flattened' ? list.flatMap((x) => (Array.isArray(x) ? x : [x])) : list;
}
