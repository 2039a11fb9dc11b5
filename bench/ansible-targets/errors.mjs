/**
 * The first line of a target's log that says why it failed: an `ERROR!` line, else the message of
 * the first `fatal:`/`failed:` result, else the first line naming an error, else the last line.
 * Temporary paths are shortened to what follows test/integration/.
 */
const MAX = 180;

function shorten(line) {
  const text = line
    .replace(/\/\S*?\/test\/integration\//g, '')
    .replace(/\/var\/tmp\/ansible-targets\/work\/[^/\s]+\//g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** The `msg` of a result printed as `fatal: [host]: FAILED! => {...}`, when it can be read. */
function resultMessage(line) {
  const json = line.slice(line.indexOf('=>') + 2).trim();
  try {
    const result = JSON.parse(json);
    const parts = [result.msg, result.assertion, result.stderr, result.reason].filter((p) => typeof p === 'string' && p);
    if (parts.length) return parts.join(' / ');
  } catch {
    const match = /"msg": "((?:[^"\\]|\\.)*)"/.exec(json);
    if (match) return match[1];
  }
  return json;
}

/** Where the result printed at line `at` ends: `=> {` alone continues up to a `}` at the start of a line. */
function resultText(lines, at) {
  if (!lines[at].trimEnd().endsWith('{')) return { text: lines[at], end: at };
  const end = lines.findIndex((l, i) => i > at && l.startsWith('}'));
  return { text: lines.slice(at, end === -1 ? undefined : end + 1).join('\n'), end: end === -1 ? lines.length - 1 : end };
}

export function firstErrorLine(log) {
  const lines = log.split('\n');
  const error = lines.findIndex((l) => /^ERROR!|^\[ERROR\]|^error:/i.test(l.trim()));
  if (error !== -1) return shorten(lines[error]);
  // the last failure that was neither ignored nor rescued, before the last recap that counts a
  // failed or unreachable host (a script may fail on purpose, then go on)
  const recap = lines.map((l, i) => (/\b(failed=[1-9]|unreachable=[1-9])/.test(l) ? i : -1)).filter((i) => i !== -1).pop();
  const candidates = [];
  for (let i = 0; i < (recap ?? lines.length); i++) {
    if (!(/^(fatal|failed): \[/.test(lines[i]) && lines[i].includes('=>'))) continue;
    const { text, end } = resultText(lines, i);
    if (/^\.\.\.ignoring/.test(lines[end + 1] ?? '')) continue;
    candidates.push([i, text]);
  }
  if (candidates.length) {
    // a rescued failure is followed by the rescue's tasks: prefer the last failure of the play
    const [i, text] = candidates[candidates.length - 1];
    const task = lines.slice(0, i).reverse().find((l) => l.startsWith('TASK ['));
    const name = task ? `${task.slice(6, task.lastIndexOf(']'))}: ` : '';
    return shorten(`${name}${resultMessage(text)}`);
  }
  // a runme.sh under `set -x`: the last command it ran before it stopped
  const traced = [...lines].reverse().find((l) => /^\++ /.test(l) && !/^\++ (rm|cleanup|echo|\[)/.test(l));
  if (traced) return shorten(`script stopped after: ${traced.replace(/^\++ /, '')}`);
  const last = [...lines].reverse().find((l) => l.trim() && !l.startsWith('###'));
  return last ? shorten(last) : 'no output';
}
