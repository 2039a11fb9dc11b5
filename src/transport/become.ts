/**
 * Privilege escalation with sudo, the way Ansible does it: the command runs under
 * `sudo -H -S ... /bin/sh -c 'echo BECOME-SUCCESS-<id>; <command>'`. Without a password sudo
 * runs with -n and fails fast; with one, sudo prompts with a unique string on stderr and the
 * password is written to its standard input: it never appears on a command line or in output.
 */
import crypto from 'node:crypto';
import type { CommandResult, ExecOptions } from './types.js';

export interface BecomeSettings {
  user: string;
  method: 'sudo';
  password?: string;
  flags: string;
}

export interface BecomePlan {
  command: string;
  respond?: ExecOptions['respond'];
  marker: string;
}

export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function becomeCommand(command: string, become: BecomeSettings): BecomePlan {
  const id = crypto.randomBytes(12).toString('hex');
  const marker = `BECOME-SUCCESS-${id}`;
  const inner = `/bin/sh -c ${shellQuote(`echo ${marker}; ${command}`)}`;
  if (become.password === undefined) {
    return { command: `sudo ${become.flags} -n -u ${shellQuote(become.user)} ${inner}`, marker };
  }
  const prompt = `[sudo via deployer, key=${id}] password:`;
  return {
    command: `sudo ${become.flags} -p ${shellQuote(prompt)} -u ${shellQuote(become.user)} ${inner}`,
    respond: { prompt, answer: become.password, ready: marker },
    marker,
  };
}

/** Removes sudo's marker from a result, or says why privilege escalation failed. */
export function unwrapBecome(result: CommandResult, plan: BecomePlan): CommandResult | { becomeError: string } {
  const index = result.stdout.indexOf(`${plan.marker}\n`);
  if (index === -1) {
    if (result.timedOut) return { becomeError: 'Timeout waiting for privilege escalation prompt' };
    if (result.promptRepeated || /Sorry, try again|incorrect password/i.test(result.stderr)) return { becomeError: 'Incorrect sudo password' };
    if (/a password is required/i.test(result.stderr)) return { becomeError: 'Missing sudo password' };
    return { becomeError: `privilege escalation failed: ${result.stderr.trim() || `sudo exited with ${result.exitCode}`}` };
  }
  return { ...result, stdout: result.stdout.slice(0, index) + result.stdout.slice(index + plan.marker.length + 1) };
}
