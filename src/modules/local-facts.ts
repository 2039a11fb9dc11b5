/**
 * Local facts (`ansible_local`), as Ansible's local fact collector reads them: every `*.fact`
 * file of `fact_path` (default /etc/ansible/facts.d), sorted; an executable one (owner's x bit)
 * is run and its output read, another is read; the text is JSON, else INI (sections of
 * options, names lower-cased, as Python's ConfigParser); what cannot be read becomes a message.
 * The host's part is a shell snippet appended to the facts command (still one round trip).
 */
import { shellQuote } from '../transport/become.js';
import { parseIniFacts } from './ini-facts.js';

export const LOCAL_FACTS_MARKER = '@@deployer-local-facts@@';
const RECORD = '@@LF@@';

export const DEFAULT_FACT_PATH = '/etc/ansible/facts.d';

/** The snippet: for each file a header line, then its output and error output in base64. */
export function localFactsCommand(factPath: string): string {
  const p = shellQuote(factPath);
  return [
    `echo ${LOCAL_FACTS_MARKER}`,
    `if [ -e ${p} ]; then t=$(mktemp -d) && for f in ${p}/*.fact; do [ -e "$f" ] || [ -L "$f" ] || continue; n=\${f##*/};`,
    `if ! m=$(stat -L -c %a -- "$f" 2>"$t/e"); then echo "${RECORD} nostat 0 $n"; : >"$t/o";`,
    `elif [ $(( (0$m >> 6) & 1 )) = 1 ]; then "$f" >"$t/o" 2>"$t/e"; echo "${RECORD} ran $? $n";`,
    `else cat -- "$f" >"$t/o" 2>/dev/null; : >"$t/e"; echo "${RECORD} read 0 $n"; fi;`,
    `base64 -w0 "$t/o"; echo; base64 -w0 "$t/e"; echo; done; rm -rf "$t"; fi; true`,
  ].join('\n');
}

function factValue(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const ini = parseIniFacts(text);
    return ini ?? `error loading facts as JSON or ini - please check content: ${file}`;
  }
}

/** `ansible_local` from the snippet's output. */
export function parseLocalFacts(output: string, factPath: string): Record<string, unknown> {
  const local: Record<string, unknown> = {};
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = new RegExp(`^${RECORD} (\\w+) (\\d+) (.*)$`).exec(lines[i]);
    if (!header) continue;
    const [, kind, rc, name] = header;
    const out = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
    const err = Buffer.from(lines[i + 2] ?? '', 'base64').toString('utf8');
    i += 2;
    const file = `${factPath}/${name}`;
    const base = name.replace(/\.fact/g, '');
    if (kind === 'nostat') local[base] = `Could not stat fact (${file}): [Errno 2] No such file or directory: '${file}'`;
    else if (kind === 'ran' && rc !== '0') local[base] = `Failure executing fact script (${file}), rc: ${rc}, err: ${err}`;
    else local[base] = factValue(out, file);
  }
  return local;
}

/** Whether a gather_subset list gathers the local facts (they belong to `min`, always gathered unless excluded). */
export function gathersLocal(subsets: string[]): boolean {
  if (subsets.includes('!local')) return false;
  if (subsets.includes('local')) return true;
  return !(subsets.includes('!min') && (subsets.includes('!all') || !subsets.includes('all')));
}
