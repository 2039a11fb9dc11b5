/** replace and blockinfile: edit a remote text file locally, write it back only when it changed. */
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { textDiff, writeRemote } from './files.js';
import { pythonRegex } from '../templating/jinja2/filters/ansible-filters.js';
import { readEditable } from './editable-file.js';
import { requireArg, type ModuleDef } from './types.js';

/** Python's re.sub replacement syntax (\\1, \\g<name>) in JavaScript's ($1, $<name>). */
export function pythonReplacement(replacement: string): string {
  return replacement.replace(/\$/g, '$$$$').replace(/\\g<(\w+)>/g, (_m, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`)).replace(/\\(\d)/g, '$$$1');
}

export const replace: ModuleDef = {
  async run(args, context) {
    const target = String(requireArg(args, 'path', 'replace', ['dest', 'destfile', 'name']));
    const { text, failure } = await readEditable(context, target);
    if (failure) return failure;
    if (text === undefined) return { failed: true, rc: 257, msg: `Path ${target} does not exist !` };
    const pattern = new RegExp(String(requireArg(args, 'regexp', 'replace')).replace(/\(\?P</g, '(?<'), 'gm');
    const replacement = pythonReplacement(String(args.replace ?? ''));
    let count = 0;
    const next = text.replace(pattern, (...match) => {
      count++;
      return match[0].replace(new RegExp(pattern.source, pattern.flags.replace('g', '')), replacement);
    });
    const changed = next !== text;
    if (changed && !context.check) await writeRemote(context, target, next);
    const diff = changed && context.diff ? { diff: { before_header: target, before: text, after_header: target, after: next } } : {};
    return { changed, msg: changed ? `${count} replacements made` : '', ...diff };
  },
};

/**
 * Where blockinfile puts a new block, as Ansible's module finds it: after (or before) the last
 * line matching the regex, or, when the regex sets the multiline flag (`(?m)`), after the line
 * where its first match in the whole text ends (before the one where it starts); at the end when
 * nothing matches, at the top for insertbefore=BOF.
 */
export function blockInsertionIndex(text: string, lines: string[], args: Record<string, unknown>): number {
  const given = (key: string) => (args[key] === undefined || args[key] === null ? undefined : String(args[key]));
  const before = given('insertbefore');
  const after = given('insertafter') ?? (before === undefined ? 'EOF' : undefined);
  const pattern = after !== undefined && after !== 'EOF' ? after : before !== undefined && before !== 'BOF' ? before : undefined;
  if (pattern === undefined) return after === undefined ? 0 : lines.length;
  const regex = pythonRegex(pattern);
  let found: number | undefined;
  if (regex.flags.includes('m')) {
    const match = regex.exec(text);
    if (match) found = text.slice(0, after !== undefined ? match.index + match[0].length : match.index).split('\n').length - 1;
  } else {
    lines.forEach((line, index) => {
      if (regex.test(line)) found = index;
    });
  }
  if (found === undefined) return lines.length;
  return after !== undefined ? found + 1 : found;
}

export const blockinfile: ModuleDef = {
  async run(args, context) {
    const target = String(requireArg(args, 'path', 'blockinfile', ['dest', 'destfile', 'name']));
    const state = String(args.state ?? 'present');
    const marker = String(args.marker ?? '# {mark} ANSIBLE MANAGED BLOCK');
    const begin = marker.replace('{mark}', String(args.marker_begin ?? 'BEGIN'));
    const end = marker.replace('{mark}', String(args.marker_end ?? 'END'));
    const read = await readEditable(context, target);
    if (read.failure) return read.failure;
    let text = read.text;
    const original = text ?? '';
    const created = text === undefined;
    if (text === undefined) {
      // as Ansible's module: without create a missing file is an error, even to remove a block from
      if (!ansibleBoolean(args.create ?? false)) return { failed: true, rc: 257, msg: `Path ${target} does not exist !` };
      if (state === 'absent') return { changed: false, msg: `File ${target} not present` };
      text = '';
    }
    const lines = text.length ? text.replace(/\n$/, '').split('\n') : [];
    const first = lines.indexOf(begin);
    const last = first === -1 ? -1 : lines.indexOf(end, first);
    const block = String(args.block ?? args.content ?? '').replace(/\n$/, '');
    const wanted = state === 'absent' || block === '' ? [] : [begin, ...block.split('\n'), end];
    let next: string[];
    if (first !== -1 && last !== -1) next = [...lines.slice(0, first), ...wanted, ...lines.slice(last + 1)];
    else if (!wanted.length) next = lines;
    else {
      const at = blockInsertionIndex(text, lines, args);
      next = [...lines.slice(0, at), ...wanted, ...lines.slice(at)];
    }
    // as Ansible's module: a file that was not there is created, even empty; a block replaced is "inserted"
    const changed = created || next.join('\n') !== lines.join('\n');
    const after = next.length ? `${next.join('\n')}\n` : '';
    if (changed && !context.check) await writeRemote(context, target, after, undefined, created);
    const msg = !changed ? '' : created ? 'File created' : !wanted.length ? 'Block removed' : 'Block inserted';
    return { changed, msg, ...textDiff(context, target, original, changed ? after : original) };
  },
};
