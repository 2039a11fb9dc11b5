/**
 * The one place where an error that ends a command becomes its message and exit code. User
 * errors (DeployerError) print their message; a file-system error from something the user
 * named (a path, a folder, a link) says which path and what is wrong with it; anything else is
 * an internal error: one line on the terminal, the stack in a file whose path is printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommanderError } from 'commander';
import { isDeployerError } from '../errors.js';
import { fileProblem, isFileProblem } from '../formats/read-file.js';
import { PRIVATE_FILE } from '../state/private-files.js';
import { redactCommand, redactText } from '../state/redact.js';

export interface Failure {
  message?: string;
  exitCode: number;
}


export function failureOf(error: unknown, crashDir = os.tmpdir(), argv = process.argv.slice(2)): Failure {
  if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 5 };
  if (isDeployerError(error)) return { message: error.message, exitCode: error.exitCode };
  const errno = error as NodeJS.ErrnoException;
  if (errno?.code && errno.path && isFileProblem(errno)) {
    return { message: `${errno.path}: ${fileProblem(errno)} (${errno.syscall ?? 'access'})`, exitCode: 1 };
  }
  return { message: internalError(error, crashDir, argv), exitCode: 250 };
}

/** The report, in a shared temporary folder, is its user's only and keeps no secret (redact.ts). */
function internalError(error: unknown, crashDir: string, argv: string[]): string {
  const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const report = path.join(crashDir, `deployer-crash-${process.pid}-${Date.now()}.log`);
  try {
    const detail = error instanceof Error ? (error.stack ?? summary) : summary;
    fs.writeFileSync(report, `deployer ${redactCommand(argv).join(' ')}\nnode ${process.version}\n\n${redactText(detail)}\n`, { mode: PRIVATE_FILE });
    return `Unexpected internal error (please report it): ${summary.split('\n')[0]}; details in ${report}`;
  } catch {
    return `Unexpected internal error (please report it): ${summary.split('\n')[0]}`;
  }
}
