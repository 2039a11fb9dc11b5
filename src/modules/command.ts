/**
 * The command-running modules, as data: each turns its arguments into the exact shell command
 * to run and knows how to read the outcome, so check mode, tests and dry runs need no host.
 * - `shell`: the free-form text through /bin/sh, with pipes, redirections and all.
 * - `command`: the words run without a shell (each one quoted), `$VAR` and `~` still expanded
 *   as Ansible's command module does; `chdir=`, `creates=`, `removes=` honoured.
 * - `raw`: the text handed to the login shell (or to `executable -c`); output not trimmed.
 */
import { DeployerError } from '../errors.js';
import { shlexSplit } from '../inventory/shlex.js';
import { shellQuote } from '../transport/become.js';
import type { CommandResult } from '../transport/types.js';

export const COMMAND_MODULES = ['command', 'shell', 'raw'] as const;
export type CommandModule = (typeof COMMAND_MODULES)[number];

export interface ModuleOutcome {
  changed: boolean;
  failed: boolean;
  rc: number;
  stdout: string;
  stderr: string;
  msg?: string;
  /** The program could not be started (Ansible's module fails before it runs anything). */
  notStarted?: boolean;
  /** chdir could not be entered: nothing ran (Ansible's result has no rc). */
  notInChdir?: boolean;
  /** creates or removes said not to run, or check mode: no start, end or delta. */
  notRun?: boolean;
  /** Check mode without creates or removes. */
  skipped?: boolean;
}

export interface CommandPlan {
  module: CommandModule;
  /** The command line sent to the host; undefined when the module decided not to run anything. */
  command: string;
  interpret(result: CommandResult): ModuleOutcome;
  /** What the module warns of (an argument it ignores). */
  warnings?: string[];
}

const CHECK_MODE_MARKER = '__deployer_would_run__';

const FREE_FORM_PARAMS = ['chdir', 'creates', 'removes', 'executable'];

/** Ansible's _get_quote_state: the quote still open after `token`, a quote after a backslash not counting. */
function quoteState(token: string, quote: string | undefined): string | undefined {
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if ((c === '"' || c === "'") && token[i - 1] !== '\\') {
      if (!quote) quote = c;
      else if (c === quote) quote = undefined;
    }
  }
  return quote;
}

/** Ansible's _count_jinja2_blocks: the depth of `open`/`close` blocks after `token`. */
function blockDepth(token: string, depth: number, open: string, close: string): number {
  const opened = token.split(open).length - 1;
  const closed = token.split(close).length - 1;
  return opened === closed ? depth : Math.max(0, depth + opened - closed);
}

/**
 * Ansible's split_args: words split on spaces, put back together inside quotes and Jinja's
 * `{{ }}`, `{% %}` and `{# #}`, each keeping its quoting; a run of spaces stays on the word before
 * it and a line's end on its last word, so joinArgs gives the text back as written. A lone `\`
 * word outside quotes continues the line: it and the line's end go.
 */
export function splitPreservingQuotes(text: string): string[] {
  const params: string[] = [];
  // where Ansible's own would index an empty list (leading spaces or blank lines), nothing is added
  const appendToLast = (extra: string) => {
    if (params.length) params[params.length - 1] += extra;
  };
  let quote: string | undefined;
  let print = 0;
  let block = 0;
  let comment = 0;
  const items = text.split('\n');
  items.forEach((item, itemIndex) => {
    const tokens = item.split(' ');
    let continued = false;
    tokens.forEach((token, index) => {
      if (token === '' && index !== 0) return appendToLast(' ');
      if (token === '\\' && !quote) {
        continued = true;
        return;
      }
      const wasInsideQuotes = quote !== undefined;
      quote = quoteState(token, quote);
      const insideQuotes = quote !== undefined;
      let appended = false;
      const inJinja = () => print > 0 || block > 0 || comment > 0;
      if (insideQuotes && !wasInsideQuotes && !inJinja()) {
        params.push(token);
        appended = true;
      } else if (inJinja() || insideQuotes || wasInsideQuotes) {
        if (index === 0 && wasInsideQuotes) appendToLast(token);
        else if (tokens.length > 1) appendToLast(`${index > 0 ? ' ' : ''}${token}`);
        else appendToLast(`\n${token}`);
        appended = true;
      }
      for (const [open, close, kind] of [['{{', '}}', 'print'], ['{%', '%}', 'block'], ['{#', '#}', 'comment']] as const) {
        const before = kind === 'print' ? print : kind === 'block' ? block : comment;
        const after = blockDepth(token, before, open, close);
        if (kind === 'print') print = after;
        else if (kind === 'block') block = after;
        else comment = after;
        if (after !== before && !appended) {
          params.push(token);
          appended = true;
        }
      }
      if (!inJinja() && !insideQuotes && !appended && token !== '') params.push(token);
    });
    if (items.length > 1 && itemIndex !== items.length - 1 && !continued) appendToLast('\n');
  });
  if (print || block || comment || quote) throw new DeployerError(`unbalanced quotes in module arguments: ${text}`);
  return params;
}

/** Free-form arguments: `key=value` words for the module's own parameters, the rest is the command. */
export function parseFreeForm(args: string): { raw: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const rest: string[] = [];
  for (const word of splitPreservingQuotes(args)) {
    const m = /^([a-z_]+)=(.*?)\n?$/s.exec(word);
    if (m && FREE_FORM_PARAMS.includes(m[1])) params[m[1]] = shlexSplit(m[2], { comments: false })[0] ?? '';
    else rest.push(word);
  }
  return { raw: joinArgs(rest), params };
}

/** Ansible's join_args: words joined by one space, except after a line's end. */
export function joinArgs(words: string[]): string {
  let result = '';
  for (const word of words) result += !result || result.endsWith('\n') ? word : ` ${word}`;
  return result;
}

/** A word for `command`: quoted against the shell, but with `$VAR`, `${VAR}` and a leading `~` expanded. */
function commandWord(word: string): string {
  const home = word === '~' || word.startsWith('~/') ? '"$HOME"' : '';
  const rest = home ? word.slice(1) : word;
  const parts = rest.split(/(\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/);
  const quoted = parts.map((part, i) => (i % 2 === 1 ? `"${part}"` : part ? shellQuote(part) : '')).join('');
  return home + quoted || "''";
}

function stripTrailingNewline(text: string): string {
  return text.replace(/[\r\n]+$/, '');
}

/** A test that Python's glob.glob(pattern) finds something: the shell's own pathname expansion, nothing else. */
function globFinds(pattern: string): string {
  return `(p=${shellQuote(pattern)}; IFS=; for f in $p; do if [ -e "$f" ] || [ -L "$f" ]; then exit 0; fi; done; exit 1)`;
}

function guard(params: Record<string, string>): { prefix: string; skipMarker?: string } {
  const checks: string[] = [];
  const marker = '__deployer_skipped__';
  // as Ansible's module: into chdir first (creates and removes are then relative to it), and a
  // folder it cannot enter fails the task with the reason as Python's OSError gives it
  if (params.chdir) {
    const folder = shellQuote(params.chdir);
    // -P: as Python's os.chdir, the folder's physical path (the shell's $PWD then has no symbolic links)
    checks.push(`cd -P ${folder} 2>/dev/null || { if [ ! -e ${folder} ]; then echo ${marker}chdir2; elif [ ! -d ${folder} ]; then echo ${marker}chdir20; else echo ${marker}chdir13; fi; exit 0; }`);
  }
  // creates and removes are glob patterns, as Ansible's module reads them
  if (params.creates) {
    checks.push(`if ${globFinds(params.creates)}; then echo ${marker}creates; exit 0; fi`);
  }
  if (params.removes) {
    checks.push(`if ! ${globFinds(params.removes)}; then echo ${marker}removes; exit 0; fi`);
  }
  return checks.length ? { prefix: `${checks.join('; ')}; `, skipMarker: marker } : { prefix: '' };
}

/** A path as Python shows bytes: `b'/some/path'`. */
const pythonBytes = (text: string) => `b'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * `exec` that could not start the program: the shell says so on its one line of stderr (dash:
 * `sh: 1: exec: NAME: not found`; bash: `bash: line 1: PATH: No such file or directory`, or
 * `Permission denied`, one line or two). Ansible's command module fails there with Python's OSError: its errno as
 * rc, no output, and the program as given in the message.
 */
function notStarted(program: string, rc: number, stdout: string, stderr: string): { errno: number; msg: string } | undefined {
  if ((rc !== 127 && rc !== 126) || stdout) return undefined;
  const base = program.slice(program.lastIndexOf('/') + 1);
  const lines = stderr.trim().split('\n');
  const kinds = lines.map((line) => (line.includes(base) ? /: (not found|No such file or directory|Permission denied)$/.exec(line)?.[1] : undefined));
  if (!base || kinds.some((kind) => kind === undefined)) return undefined;
  const name = pythonBytes(program);
  return kinds.includes('Permission denied') ? { errno: 13, msg: `[Errno 13] Permission denied: ${name}` } : { errno: 2, msg: `[Errno 2] No such file or directory: ${name}` };
}

/**
 * `check`: check mode, where Ansible's command and shell still enter chdir and read creates and
 * removes, and then only say the command would have run. `strip`: the output's last line ends
 * are trimmed (command's and shell's strip_empty_ends, true unless said otherwise).
 */
export function planCommand(module: CommandModule, args: string, { check = false, strip = true }: { check?: boolean; strip?: boolean } = {}): CommandPlan {
  if (module === 'raw') {
    // as Ansible's raw action: the text as its arguments were read, through `executable -c` when one is given
    const { raw, params } = parseFreeForm(args);
    return {
      module,
      command: params.executable ? `${params.executable} -c ${shellQuote(raw)}` : raw,
      interpret: (r) => ({
        changed: true,
        failed: r.exitCode !== 0,
        rc: r.exitCode ?? -1,
        stdout: r.stdout,
        stderr: r.stderr,
        ...(r.exitCode !== 0 ? { msg: 'non-zero return code' } : {}),
      }),
    };
  }
  const { raw, params } = parseFreeForm(args);
  if (!raw.trim()) throw new DeployerError(`no command given to the ${module} module`);
  const { prefix, skipMarker } = guard(params);
  const words = module === 'shell' ? [] : shlexSplit(raw, { comments: false });
  const program = words[0] ?? '';
  const body = check
    ? `echo ${CHECK_MODE_MARKER}`
    : module === 'shell'
      ? `${params.executable ?? '/bin/sh'} -c ${shellQuote(raw)}`
      : `exec ${words.map(commandWord).join(' ')}`;
  // command runs no shell: Ansible's module ignores an executable, with a warning
  const warnings = module === 'command' && params.executable ? [`As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${params.executable}'.`] : undefined;
  return {
    module,
    command: `${prefix}${body}`,
    ...(warnings ? { warnings } : {}),
    interpret: (r) => {
      if (skipMarker && r.stdout.startsWith(`${skipMarker}chdir`)) {
        const errno = Number(r.stdout.slice(skipMarker.length + 'chdir'.length).trim());
        const reason = errno === 2 ? 'No such file or directory' : errno === 20 ? 'Not a directory' : 'Permission denied';
        return { changed: false, failed: true, rc: -1, stdout: '', stderr: '', msg: `Unable to change directory before execution: [Errno ${errno}] ${reason}: ${pythonBytes(params.chdir)}`, notInChdir: true };
      }
      if (skipMarker && r.stdout.startsWith(skipMarker)) {
        const which = r.stdout.slice(skipMarker.length).trim() === 'creates' ? 'creates' : 'removes';
        const file = params[which];
        const why = which === 'creates' ? 'exists' : 'does not exist';
        return { changed: false, failed: false, rc: 0, stdout: `skipped, since ${file} ${why}`, stderr: '', msg: `${check ? 'Would' : 'Did'} not run command since '${file}' ${why}`, notRun: true };
      }
      if (check && r.stdout.startsWith(CHECK_MODE_MARKER)) {
        // without creates or removes nothing tells what the command would change: skipped, as Ansible's module says
        const guarded = params.creates !== undefined || params.removes !== undefined;
        return { changed: guarded, failed: false, rc: 0, stdout: '', stderr: '', msg: 'Command would have run if not in check mode', notRun: true, ...(guarded ? {} : { skipped: true }) };
      }
      const rc = r.exitCode ?? -1;
      const unstartable = module === 'command' ? notStarted(program, rc, r.stdout, r.stderr) : undefined;
      if (unstartable) return { changed: false, failed: true, rc: unstartable.errno, stdout: '', stderr: '', msg: unstartable.msg, notStarted: true };
      return {
        changed: true,
        failed: rc !== 0,
        rc,
        stdout: strip ? stripTrailingNewline(r.stdout) : r.stdout,
        stderr: strip ? stripTrailingNewline(r.stderr) : r.stderr,
        ...(rc !== 0 ? { msg: r.timedOut ? 'command timed out' : 'non-zero return code' } : {}),
      };
    },
  };
}
