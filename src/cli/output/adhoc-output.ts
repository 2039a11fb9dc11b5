/**
 * Ad-hoc results printed as Ansible's callbacks print them: `minimal` (the default),
 * `oneline` (-o), or one JSON object per host (--json). Each host's output stays together.
 */
import chalk from 'chalk';
import type { HostResult } from '../../engine/results.js';
import { withoutInternalKeys } from '../../engine/playbook/registered.js';
import { pythonJson } from './python-json.js';

export type AdhocFormat = 'minimal' | 'oneline' | 'json';

const CAPTION: Record<HostResult['status'], string> = {
  ok: 'SUCCESS',
  changed: 'CHANGED',
  failed: 'FAILED',
  unreachable: 'UNREACHABLE!',
  skipped: 'SKIPPED',
  interrupted: 'INTERRUPTED',
};

function paint(result: HostResult, text: string, color: boolean): string {
  if (!color) return text;
  switch (result.status) {
    case 'changed':
      return chalk.yellow(text);
    case 'ok':
      return chalk.green(text);
    case 'skipped':
      return chalk.cyan(text);
    default:
      return chalk.red(text);
  }
}

/** A module's result, as Ansible prints one that is not a command's: `host | SUCCESS => {...}`. */
function moduleResult(result: HostResult, data: Record<string, unknown>, format: AdhocFormat): string {
  const caption = result.status === 'failed' ? 'FAILED!' : CAPTION[result.status];
  // as the callback's _dump_results: keys starting with _ansible_ are internal, never shown
  return `${result.host} | ${caption} => ${pythonJson(withoutInternalKeys(data), format === 'oneline' ? 0 : 4)}`;
}

export function formatAdhocResult(result: HostResult, format: AdhocFormat, color: boolean): string {
  if (format === 'json') {
    return JSON.stringify({
      host: result.host,
      status: result.status,
      rc: result.rc ?? null,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(result.msg ? { msg: result.msg } : {}),
      ...(result.result ? { result: result.result } : {}),
      duration_ms: result.durationMs,
    });
  }
  if (result.status === 'interrupted') return paint(result, `${result.host} | INTERRUPTED | ${result.msg ?? ''}`, color);
  if (result.status === 'unreachable') {
    const body = { changed: false, msg: result.msg ?? '', unreachable: true };
    const text = format === 'oneline' ? `${result.host} | UNREACHABLE!: ${body.msg}` : `${result.host} | UNREACHABLE! => ${pythonJson(body, 4)}`;
    return paint(result, text, color);
  }
  if (result.result) return paint(result, moduleResult(result, result.result, format), color);
  const rc = result.rc ?? -1;
  if (format === 'oneline') {
    if (result.status === 'failed') {
      const body = { changed: result.rc !== undefined, cmd: result.command ?? '', msg: result.msg ?? '', rc, stderr: result.stderr, stdout: result.stdout };
      return paint(result, `${result.host} | FAILED! => ${pythonJson(body, 0)}`, color);
    }
    const escape = (s: string) => s.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const stderr = result.stderr ? ` (stderr) ${escape(result.stderr)}` : '';
    return paint(result, `${result.host} | ${CAPTION[result.status]} | rc=${rc} | (stdout) ${escape(result.stdout)}${stderr}`, color);
  }
  return paint(result, `${result.host} | ${CAPTION[result.status]} | rc=${rc} >>\n${result.stdout}${result.stderr}${result.msg ?? ''}`, color);
}
