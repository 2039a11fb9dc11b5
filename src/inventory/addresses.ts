/**
 * Host identifiers as Ansible reads them (`ansible.parsing.utils.addresses` and the range
 * expansion of inventory plugins): `host:port`, `[ipv6]:port`, and ranges such as `web[01:20]`,
 * `db-[a:f]` or `node[0:10:2]`.
 */
const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const IPV6_PART = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const IPV4_PART = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w with re.UNICODE: letters, digits and underscore from any script.
const WORD = String.raw`[\p{L}\p{N}_]`;
const LABEL = String.raw`(?:${WORD}|${ALNUM_RANGE})(?:${WORD}|[_-]|${ALNUM_RANGE})*(?<![_-])`;

const P = IPV6_PART;
const patterns = {
  bracketedHostPort: /^\[(.+)\]:([0-9]+)$/,
  hostPort: /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/,
  ipv4: new RegExp(String.raw`^(?:${IPV4_PART}\.){3}${IPV4_PART}$`, 'i'),
  ipv6: new RegExp(
    '^(?:' +
      [
        `(?:${P}:){7}${P}`,
        `(?:${P}:){1,6}:`,
        `(?:${P}:)(?::${P}){1,6}`,
        `(?:${P}:){2}(?::${P}){1,5}`,
        `(?:${P}:){3}(?::${P}){1,4}`,
        `(?:${P}:){4}(?::${P}){1,3}`,
        `(?:${P}:){5}(?::${P}){1,2}`,
        `(?:${P}:){6}(?::${P})`,
        `:(?::${P}){1,6}`,
        `${P}?::`,
        String.raw`(?:0:){6}(?:${P}\.){3}${P}`,
        String.raw`::(?:ffff:)?(?:${P}\.){3}${P}`,
        String.raw`(?:0:){5}ffff:(?:${P}\.){3}${P}`,
      ].join('|') +
      ')$',
    'i',
  ),
  hostname: new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu'),
};

export function isIpAddress(name: string): boolean {
  return patterns.ipv4.test(name) || patterns.ipv6.test(name);
}

/** Splits `host:port` / `[host]:port`; null when `address` is not a valid host identifier. */
export function parseAddress(address: string): { host: string; port?: number } | null {
  let host = address;
  let port: number | undefined;
  // Python applies both port patterns in turn, so `[h]:1` unwraps before `h:2` would be tried.
  for (const re of [patterns.bracketedHostPort, patterns.hostPort]) {
    const m = re.exec(host);
    if (m) {
      host = m[1];
      port = Number(m[2]);
    }
  }
  if (patterns.ipv4.test(host) || patterns.ipv6.test(host) || patterns.hostname.test(host)) {
    return { host, port };
  }
  return null;
}

export class RangeError extends Error {}

const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Expands the first `[begin:end(:step)]` of `pattern` (and then the rest) into host names. */
export function expandHostRange(pattern: string): string[] {
  if (!pattern.includes('[')) return [pattern];
  const open = pattern.indexOf('[');
  const close = pattern.indexOf(']', open);
  const rest = close === -1 ? '' : pattern.slice(close + 1);
  if (close === -1 || rest.includes('|') || pattern.slice(0, open).includes('|')) {
    throw new RangeError(`not a valid host range: ${pattern}`);
  }
  const head = pattern.slice(0, open);
  const bounds = pattern.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new RangeError('host range must be begin:end or begin:end:step');
  let [begin, end] = bounds;
  const stepText = bounds[2] ?? '1';
  if (!begin) begin = '0';
  if (!end) throw new RangeError('host range must specify end value');
  const step = parseIntStrict(stepText);
  if (step === 0) throw new RangeError('host range step must not be zero');
  let fill = (x: string | number) => String(x);
  if (begin[0] === '0' && begin.length > 1) {
    if (begin.length !== end.length) throw new RangeError('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(begin.length, '0');
  }
  let sequence: (string | number)[];
  const letterBegin = ASCII_LETTERS.indexOf(begin);
  const letterEnd = ASCII_LETTERS.indexOf(end);
  // Python's str.index finds substrings too, so `[ab:cd]` is a letter range from a to c.
  if (letterBegin !== -1 && letterEnd !== -1) {
    if (letterBegin > letterEnd) throw new RangeError('host range must have begin <= end');
    sequence = pythonRange(letterBegin, letterEnd + 1, step).map((i) => ASCII_LETTERS[i]);
  } else {
    sequence = pythonRange(parseIntStrict(begin), parseIntStrict(end) + 1, step);
  }
  if (!rest.includes('[')) return sequence.map((item) => head + fill(item) + rest);
  return sequence.flatMap((item) => expandHostRange(head + fill(item) + rest));
}

function parseIntStrict(text: string): number {
  if (!/^\s*[+-]?[0-9]+\s*$/.test(text)) throw new RangeError(`invalid number in host range: '${text}'`);
  return parseInt(text, 10);
}

function pythonRange(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** A host entry as an inventory line gives it: the host names it expands to, and its port. */
export function expandHostPattern(pattern: string): { hostnames: string[]; port?: number } {
  const parsed = parseAddress(pattern);
  const host = parsed?.host ?? pattern;
  return { hostnames: expandHostRange(host), port: parsed?.port };
}
