/** slurp: a file's content in base64, failing with the message Ansible's module gives for each errno of open(). */
import { shellQuote } from '../transport/become.js';
import { pythonRepr } from '../formats/python-repr.js';
import { requireArg, type ModuleDef } from './types.js';

/** The errno numbers (Linux) of the errors whose text GNU base64 prints, for Python's `[Errno N] text: 'path'`. */
const ERRNO: Record<string, number> = {
  'Not a directory': 20,
  'Too many levels of symbolic links': 40,
  'File name too long': 36,
  'Input/output error': 5,
  'No such device or address': 6,
};

/** Ansible's slurp message for reading `source` failed with base64's `stderr` (run with LC_ALL=C). */
export function slurpFailure(source: string, stderr: string): string {
  if (stderr.includes('No such file or directory')) return `file not found: ${source}`;
  if (stderr.includes('Permission denied')) return `file is not readable: ${source}`;
  if (stderr.includes('Is a directory')) return `source is a directory and must be a file: ${source}`;
  const text = Object.keys(ERRNO).find((known) => stderr.includes(known));
  return `unable to slurp file: ${text ? `[Errno ${ERRNO[text]}] ${text}: ${pythonRepr(source)}` : stderr.trim()}`;
}

export const slurp: ModuleDef = {
  async run(args, context) {
    const source = String(requireArg(args, 'src', 'slurp', ['path']));
    const result = await context.exec(`LC_ALL=C base64 -w0 -- ${shellQuote(source)}`);
    if (result.exitCode !== 0) return { changed: false, failed: true, msg: slurpFailure(source, result.stderr) };
    return { changed: false, content: result.stdout.trim(), encoding: 'base64', source };
  },
};
