/**
 * A module's `diff` data as Ansible's default callback prints it (CallbackBase._get_diff):
 * unified diffs with 3 lines of context, dictionaries as sorted, indented JSON, the
 * "diff skipped" notes for binary and large files.
 */
import chalk from 'chalk';
import { structuredPatch } from 'diff';
import { pythonJsonDumps } from '../../formats/python-repr.js';

const CONTEXT_LINES = 3;

/** Python's str.splitlines(True) for text with \n line ends. */
function linesKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** difflib's _format_range_unified: "start,length", "start" alone for one line, "start-1,0" for none. */
function range(start: number, length: number): string {
  if (length === 1) return String(start);
  return `${length === 0 ? start - 1 : start},${length}`;
}

/**
 * Lines are compared whole, as difflib compares the items of its lists: each distinct line becomes
 * one token, so that the "No newline at end of file" note stays part of the line it follows.
 */
export function unifiedDiff(before: string[], after: string[], fromFile: string, toFile: string): string[] {
  const ids = new Map<string, number>();
  const tokens = (lines: string[]) => lines.map((line) => `${ids.get(line) ?? ids.set(line, ids.size).get(line)}\n`).join('');
  const patch = structuredPatch('', '', tokens(before), tokens(after), '', '', { context: CONTEXT_LINES });
  const byId = [...ids.keys()];
  if (!patch.hunks.length) return [];
  const out = [`--- ${fromFile}\n`, `+++ ${toFile}\n`];
  for (const hunk of patch.hunks) {
    // jsdiff counts an empty range from the line after it, difflib from the line before
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@\n`);
    for (const line of hunk.lines) {
      out.push(`${line[0]}${byId[Number(line.slice(1))]}`);
    }
  }
  return out;
}

function serialize(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !Array.isArray(value)) return `${pythonJsonDumps(value, { sortKeys: true, indent: 4 })}\n`;
  return String(value);
}

function withEndNote(lines: string[]): string[] {
  if (lines.length && !lines[lines.length - 1].endsWith('\n')) lines[lines.length - 1] += '\n\\ No newline at end of file\n';
  return lines;
}

/** The text Ansible shows for a result's `diff` (one entry or a list); empty when nothing differs. */
export function formatDiff(data: unknown, color: boolean): string {
  const paint = (fn: (s: string) => string, s: string) => (color ? fn(s) : s);
  const out: string[] = [];
  for (const entry of Array.isArray(data) ? data : [data]) {
    if (!entry || typeof entry !== 'object') continue;
    const diff = entry as Record<string, unknown>;
    if ('dst_binary' in diff) out.push('diff skipped: destination file appears to be binary\n');
    if ('src_binary' in diff) out.push('diff skipped: source file appears to be binary\n');
    if ('dst_larger' in diff) out.push(`diff skipped: destination file size is greater than ${diff.dst_larger}\n`);
    if ('src_larger' in diff) out.push(`diff skipped: source file size is greater than ${diff.src_larger}\n`);
    if ('before' in diff && 'after' in diff) {
      const before = withEndNote(linesKeepingEnds(serialize(diff.before)));
      const after = withEndNote(linesKeepingEnds(serialize(diff.after)));
      const fromFile = 'before_header' in diff ? `before: ${diff.before_header}` : 'before';
      const toFile = 'after_header' in diff ? `after: ${diff.after_header}` : 'after';
      const lines = unifiedDiff(before, after, fromFile, toFile);
      for (const line of lines) {
        if (line.startsWith('+')) out.push(paint(chalk.green, line));
        else if (line.startsWith('-')) out.push(paint(chalk.red, line));
        else if (line.startsWith('@@')) out.push(paint(chalk.cyan, line));
        else out.push(line);
      }
      if (lines.length) out.push('\n');
    }
    if (typeof diff.prepared === 'string') out.push(diff.prepared);
  }
  return out.join('');
}
