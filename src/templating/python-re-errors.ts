/**
 * The message of the re.error Python's `re.compile` raises for a pattern it cannot parse, for the
 * mistakes people make (a repeat of nothing, a group left open, an open character set, a bad
 * escape), found by reading the pattern as Python's sre_parse does. Ansible puts this text in its
 * own errors (the varnames lookup), where JavaScript's would say something else.
 */

/** Letters Python's re knows after a backslash outside a character set; any other is a bad escape. */
const KNOWN_ESCAPES = new Set('AbBdDsSwWZafnrtvxuUN');
/** What matches no character: Python refuses to repeat it. */
const ANCHORS = new Set(['^', '$', '\\A', '\\b', '\\B', '\\Z']);
const REPEAT_BRACES = /^\{(\d*)(?:(,)(\d*))?\}/;
/** How a group says what kind it is: (?:...), lookarounds, atomic, named; others read on as characters. */
const GROUP_KIND = /^\(\?(?::|=|!|<=|<!|>|P<[^>]*>)|^\(\??/;

/** Python's message for a pattern re.compile cannot parse, or undefined when it parses one. */
export function pythonRegexError(pattern: string): string | undefined {
  const groups: number[] = [];
  // what the next repeat applies to: nothing, an anchor, an item, or a repeat (which may take one `?` or `+`)
  let previous = 'nothing' as 'nothing' | 'anchor' | 'item' | 'repeat' | 'modified';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    const braces = c === '{' ? REPEAT_BRACES.exec(pattern.slice(i)) : null;
    const repeatWidth = '*+?'.includes(c) ? 1 : braces && braces[0] !== '{}' ? braces[0].length : 0;
    if (repeatWidth > 0 && !((c === '?' || c === '+') && previous === 'repeat')) {
      if (previous === 'nothing' || previous === 'anchor') return `nothing to repeat at position ${i}`;
      if (previous === 'repeat' || previous === 'modified') return `multiple repeat at position ${i}`;
      const [, low, comma, high] = braces ?? [];
      if (comma && low && high && Number(low) > Number(high)) return `min repeat greater than max repeat at position ${i + 1}`;
      previous = 'repeat';
      i += repeatWidth;
    } else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return `bad escape (end of pattern) at position ${i}`;
      if (/[A-Za-z]/.test(next) && !KNOWN_ESCAPES.has(next)) return `bad escape \\${next} at position ${i}`;
      previous = ANCHORS.has(`\\${next}`) ? 'anchor' : 'item';
      i += 2;
    } else if (c === '[') {
      const end = setEnd(pattern, i);
      if (end === undefined) return `unterminated character set at position ${i}`;
      previous = 'item';
      i = end + 1;
    } else if (c === '(') {
      if (pattern.startsWith('(?P<', i)) {
        const close = pattern.indexOf('>', i + 4);
        if (close < 0) return `missing >, unterminated name at position ${i + 4}`;
      }
      groups.push(i);
      previous = 'nothing';
      i += (GROUP_KIND.exec(pattern.slice(i)) ?? ['('])[0].length;
    } else if (c === ')') {
      if (groups.pop() === undefined) return `unbalanced parenthesis at position ${i}`;
      previous = 'item';
      i += 1;
    } else if (c === '|') {
      previous = 'nothing';
      i += 1;
    } else if ((c === '?' || c === '+') && previous === 'repeat') {
      // a lazy (`*?`) or possessive (`*+`) repeat
      previous = 'modified';
      i += 1;
    } else {
      previous = ANCHORS.has(c) ? 'anchor' : 'item';
      i += 1;
    }
  }
  const open = groups.pop();
  return open === undefined ? undefined : `missing ), unterminated subpattern at position ${open}`;
}

/** Where the character set opened at `start` ends: a `]` right after `[` or `[^` is one of its characters. */
function setEnd(pattern: string, start: number): number | undefined {
  let i = start + 1;
  if (pattern[i] === '^') i += 1;
  if (pattern[i] === ']') i += 1;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i += 1;
    else if (pattern[i] === ']') return i;
  }
  return undefined;
}
