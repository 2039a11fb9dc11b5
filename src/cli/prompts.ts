/** Asking on the terminal: passwords (-k, -K), a plan's confirmation; never without one (CI, pipes). */
import { OptionsError } from '../errors.js';

export async function askPassword(message: string, why: string): Promise<string> {
  if (!process.stdin.isTTY || process.env.CI === 'true') {
    throw new OptionsError(`${why} needs a password, but there is no terminal to ask on; ${hintFor(why)}`);
  }
  const { default: inquirer } = await import('inquirer');
  const answers = await inquirer.prompt<{ value: string }>([{ type: 'password', name: 'value', message, mask: '' }]);
  return answers.value;
}

function hintFor(why: string): string {
  return why.startsWith('-K')
    ? 'set ANSIBLE_BECOME_PASSWORD or the ansible_become_password variable'
    : 'set the ansible_password variable or use keys';
}

/** Yes or no, no by default (the caller asks only on a terminal). */
export async function confirm(message: string): Promise<boolean> {
  const { default: inquirer } = await import('inquirer');
  const answers = await inquirer.prompt<{ value: boolean }>([{ type: 'confirm', name: 'value', message, default: false }]);
  return answers.value;
}
