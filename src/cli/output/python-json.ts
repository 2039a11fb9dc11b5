/**
 * JSON as Ansible's callbacks print it (Python's json.dumps with sort_keys): keys sorted at every
 * depth; `indent` 4 for the default output, 0 for one-line output (`{"a": 1,"b": 2}`).
 */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortedDeep(v)]));
  }
  return value;
}

export function pythonJson(value: unknown, indent: number): string {
  const sorted = sortedDeep(value);
  // indent 0 in Python puts each item on its own line, which one-line output then joins
  return indent ? JSON.stringify(sorted, null, indent) : JSON.stringify(sorted, null, 1).replace(/\n */g, '');
}
