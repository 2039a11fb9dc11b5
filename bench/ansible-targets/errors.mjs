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

export function firstErrorLine(log) {
  const lines = log.split('\n');
  const error = lines.findIndex((l) => /^ERROR!|^\[ERROR\]|^error:/i.test(l.trim()));
  const fatal = lines.findIndex((l) => /^(fatal|failed): \[/.test(l) && l.includes('=>'));
  if (error !== -1 && (fatal === -1 || error < fatal)) return shorten(lines[error]);
  if (fatal !== -1) {
    // `=> {` alone: the result is printed over the next lines, up to a `}` at the start of a line
    let text = lines[fatal];
    if (text.trimEnd().endsWith('{')) {
      const end = lines.findIndex((l, i) => i > fatal && l.startsWith('}'));
      text = lines.slice(fatal, end === -1 ? undefined : end + 1).join('\n');
    }
    const task = lines.slice(0, fatal).reverse().find((l) => l.startsWith('TASK ['));
    const name = task ? `${task.slice(6, task.lastIndexOf(']'))}: ` : '';
    return shorten(`${name}${resultMessage(text)}`);
  }
  const named = lines.find((l) => /error|failed|traceback|not found|unknown/i.test(l) && !/^###/.test(l));
  if (named) return shorten(named);
  const last = [...lines].reverse().find((l) => l.trim());
  return last ? shorten(last) : 'no output';
}
