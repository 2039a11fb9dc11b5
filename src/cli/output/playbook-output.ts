/** Playbook events printed as Ansible's default callback prints them. */
import chalk from 'chalk';
import type { PlaybookEvent } from '../../engine/playbook/events.js';
import { RUN_STATS } from '../../engine/playbook/stats.js';
import { pythonJsonDumps, pythonStr } from '../../formats/python-repr.js';
import { formatDiff } from './diff-output.js';

/** json.dumps(..., sort_keys=True), as Ansible's callbacks print results. */
export function pythonJson(value: unknown, indent = 0): string {
  return pythonJsonDumps(value, { sortKeys: true, indent });
}

function banner(text: string): string {
  return `\n${text} ${'*'.repeat(Math.max(3, 79 - text.length))}`;
}

/** What a debug result with a `msg` shows: the message alone (Ansible's _clean_results), not the loop's item. */
const DEBUG_MESSAGE_KEYS = new Set(['msg', 'exception', 'warnings', 'deprecations']);

/** What a debug result without a `msg` does not show (Ansible's _hide_in_debug). */
const DEBUG_HIDDEN_KEYS = new Set(['changed', 'failed', 'skipped', 'invocation', 'skip_reason']);

/** What a failure or a debug result shows: the module's data without internal keys. */
function visible(result: Record<string, unknown>, forDebug: boolean): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (forDebug && 'msg' in result && !DEBUG_MESSAGE_KEYS.has(key)) continue;
    // as Ansible below -vvv, the diff is shown as a diff, not inside the result
    if (key === 'failed' || key === 'diff' || key === 'exception' || key === '_meta' || key.startsWith('_ansible')) continue;
    if (forDebug && DEBUG_HIDDEN_KEYS.has(key)) continue;
    shown[key] = value;
  }
  return shown;
}

/** The default callback's CUSTOM STATS: per host, then the run's; each as json.dumps(indent=1) on one line. */
function customStats(custom: Map<string, Record<string, unknown>>): string {
  const oneLine = (value: Record<string, unknown>) => pythonJson(value, 1).replace(/\n/g, '');
  const lines = [banner('CUSTOM STATS:')];
  for (const host of [...custom.keys()].sort()) if (host !== RUN_STATS) lines.push(`\t${host}: ${oneLine(custom.get(host)!)}`);
  if (custom.has(RUN_STATS)) lines.push('', `\tRUN: ${oneLine(custom.get(RUN_STATS)!)}`);
  return `${lines.join('\n')}\n\n`;
}

export class PlaybookPrinter {
  constructor(
    private readonly write: (text: string) => void,
    private readonly color: boolean,
    /** -v and more: every result is shown, as Ansible's default callback does. */
    private readonly verbosity = 0,
    /** set_stats's data after the recap (ansible.cfg's show_custom_stats). */
    private readonly showCustomStats = false,
  ) {}

  private paint(color: 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'gray', text: string): string {
    return this.color ? chalk[color](text) : text;
  }

  handle(event: PlaybookEvent): void {
    switch (event.type) {
      case 'play-start':
        this.write(`${banner(`PLAY [${event.name}]`)}\n`);
        break;
      case 'no-hosts':
        this.write(`${this.paint('cyan', 'skipping: no hosts matched')}\n`);
        break;
      case 'task-start':
        this.write(`${banner(`${event.handler ? 'RUNNING HANDLER' : 'TASK'} [${event.name}]`)}\n`);
        break;
      case 'included':
        this.write(`included: ${event.file} for ${event.hosts.join(', ')}${event.label !== undefined ? ` => (item=${pythonStr(event.label)})` : ''}\n`);
        break;
      case 'no-more-hosts':
        this.write(`${banner('NO MORE HOSTS LEFT')}\n`);
        break;
      case 'host-retry':
        this.write(`${this.paint('gray', `FAILED - RETRYING: [${event.host}]: ${event.task} (${event.retriesLeft} retries left).`)}\n`);
        break;
      case 'host-diff': {
        const text = formatDiff(event.diff, this.color);
        if (text) this.write(text);
        break;
      }
      case 'host-result': {
        const text = this.result(event);
        if (text) this.write(`${text}\n`);
        break;
      }
      case 'recap': {
        const lines = [banner('PLAY RECAP')];
        for (const [host, s] of [...event.stats.hosts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
          const field = (name: string, n: number) => `${name}=${String(n).padEnd(4)}`;
          const hostText = host.padEnd(26);
          const coloredHost = s.failed || s.unreachable ? this.paint('red', hostText) : s.changed ? this.paint('yellow', hostText) : this.paint('green', hostText);
          lines.push(
            `${coloredHost} : ${[
              field('ok', s.ok),
              field('changed', s.changed),
              field('unreachable', s.unreachable),
              field('failed', s.failed),
              field('skipped', s.skipped),
              field('rescued', s.rescued),
              field('ignored', s.ignored),
            ].join(' ')}`,
          );
        }
        this.write(`${lines.join('\n')}\n\n`);
        if (this.showCustomStats && event.stats.custom.size) this.write(customStats(event.stats.custom));
        break;
      }
    }
  }

  private result(event: Extract<PlaybookEvent, { type: 'host-result' }>): string {
    // Ansible formats the item with Python's str(): dicts and lists as their repr, in their own order
    const item = event.item ? ` => (item=${pythonStr(event.item.label)})` : '';
    const delegated = event.delegatedTo ? ` -> ${event.delegatedTo}` : '';
    const host = `[${event.host}${delegated}]`;
    switch (event.status) {
      case 'ok':
      case 'changed': {
        const word = event.status === 'ok' ? 'ok' : 'changed';
        let line = `${word}: ${host}${item}`;
        if (event.showResult) line += ` => ${pythonJson(visible(event.result, event.debug ?? false), 4)}`;
        else if (this.verbosity > 0) line += ` => ${pythonJson(visible(event.result, false))}`;
        return this.paint(event.status === 'ok' ? 'green' : 'yellow', line);
      }
      case 'skipped': {
        const { skipped: _skipped, ...shown } = visible(event.result, false);
        const details = this.verbosity > 0 && !event.item ? ` => ${pythonJson(shown)}` : '';
        return this.paint('cyan', `skipping: ${host}${event.item ? `${item} ` : ''}${details}`);
      }
      case 'unreachable':
        return this.paint('red', `fatal: ${host}: UNREACHABLE! => ${pythonJson(visible(event.result, false))}`);
      case 'failed': {
        // debug's summary of a loop loses its `results` to _clean_results: the default callback shows it as a failure
        if (event.loopSummary && !event.debug) return event.ignored ? this.paint('cyan', '...ignoring') : '';
        // as Ansible's _handle_exception below -vvv: the traceback's last line, before the failure
        const exception = typeof event.result.exception === 'string' ? `${this.paint('red', `An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ${event.result.exception.trim().split('\n').at(-1)}`)}\n` : '';
        const shown = pythonJson(visible(event.result, event.debug ?? false), event.result._ansible_verbose_always === true ? 4 : 0);
        const line = event.item ? `failed: ${host} (item=${pythonStr(event.item.label)}) => ${shown}` : `fatal: ${host}: FAILED! => ${shown}`;
        return exception + this.paint('red', line) + (event.ignored && !event.item ? `\n${this.paint('cyan', '...ignoring')}` : '');
      }
    }
  }
}
