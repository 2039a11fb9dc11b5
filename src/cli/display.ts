/** Everything the CLI prints besides command results: warnings and errors, Ansible-style. */
import chalk from 'chalk';
import { isPyFloat } from '../formats/py-float.js';
import { displayName } from '../settings/locate.js';
import { wrapText } from './output/textwrap.js';

export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  if (process.env.NO_COLOR !== undefined || process.env.ANSIBLE_NOCOLOR) return false;
  if (process.env.FORCE_COLOR !== undefined || process.env.ANSIBLE_FORCE_COLOR) return true;
  return Boolean(stream.isTTY);
}

/** The live progress view: on a terminal, unless CI or NO_COLOR asks for plain lines. */
export function useProgress(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.CI && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
}

/** Ansible's Display width: the terminal's less one, at least 79. */
function displayColumns(): number {
  return process.stdout.isTTY ? Math.max(79, (process.stdout.columns ?? 80) - 1) : 79;
}

/** `[WARNING]: ...` on stderr; `wrap` wraps each as ansible-playbook does (Python's textwrap at the display's width). */
export function printWarnings(warnings: Iterable<string>, options: { wrap?: boolean } = {}): void {
  const color = useColor();
  for (const warning of warnings) {
    const text = `[WARNING]: ${warning}`;
    const line = options.wrap ? wrapText(text, displayColumns()).join('\n') : text;
    process.stderr.write(`${color ? chalk.magenta(line) : line}\n`);
  }
}

/** Where the hosts to retry were written (`to retry, use: --limit @file`), or why they could not be. */
export function reportRetryFile(result: { file?: string; error?: string }): void {
  if (result.file) process.stderr.write(`to retry, use: --limit @${result.file}\n`);
  if (result.error) printWarnings([result.error]);
}

export function printError(message: string): void {
  const line = `ERROR! ${message}`;
  process.stderr.write(`${useColor() ? chalk.red(line) : line}\n`);
}

/** JSON as Ansible prints it: keys sorted, four-space indent, non-ASCII kept, `2.0` kept a float. */
export function toAnsibleJson(value: unknown): string {
  const floats: string[] = [];
  const text = JSON.stringify(
    sortKeys(value),
    function (this: Record<string, unknown>, key) {
      const raw = this[key];
      if (!isPyFloat(raw)) return raw;
      floats.push(raw.toString());
      return `\u0000float${floats.length - 1}\u0000`;
    },
    4,
  );
  return floats.length ? text.replace(/"\\u0000float(\d+)\\u0000"/g, (_m, i: string) => floats[Number(i)]) : text;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Number)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** A place of the state store as a message names it: a file or folder relative to the current one, or an etcd URL. */
export function placeName(place: string, cwd: string): string {
  return place.startsWith('etcd://') ? place : displayName(place, cwd);
}
