/**
 * Python's `fnmatch.translate`, which Ansible uses for host patterns like `web*` or `db[0-3]`.
 * (Path-oriented glob libraries differ: their `*` stops at `/` and they treat `\` as an escape.)
 * Case-sensitive, whole-string match.
 */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++];
    if (c === '*') {
      if (!out.endsWith('.*')) out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        out += '\\[';
        continue;
      }
      let set = pattern.slice(i, j).replace(/\\/g, '\\\\');
      i = j + 1;
      if (set === '') out += '(?!)';
      else if (set === '!') out += '.';
      else {
        if (set[0] === '!') set = '^' + set.slice(1);
        else if (set[0] === '^' || set[0] === '[') set = '\\' + set;
        out += `[${set.replace(/[[\]]/g, '\\$&')}]`;
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^(?:${out})$`, 'su');
}
