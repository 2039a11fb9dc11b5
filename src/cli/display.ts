/** Everything the CLI prints besides command results: warnings and errors, Ansible-style. */
import chalk from 'chalk';

export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  if (process.env.NO_COLOR !== undefined || process.env.ANSIBLE_NOCOLOR) return false;
  if (process.env.FORCE_COLOR !== undefined || process.env.ANSIBLE_FORCE_COLOR) return true;
  return Boolean(stream.isTTY);
}

export function printWarnings(warnings: Iterable<string>): void {
  const color = useColor();
  for (const warning of warnings) {
    const line = `[WARNING]: ${warning}`;
    process.stderr.write(`${color ? chalk.magenta(line) : line}\n`);
  }
}

export function printError(message: string): void {
  const line = `ERROR! ${message}`;
  process.stderr.write(`${useColor() ? chalk.red(line) : line}\n`);
}

/** JSON as Ansible prints it: keys sorted, four-space indent, non-ASCII kept. */
export function toAnsibleJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
