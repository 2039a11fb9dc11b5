/**
 * --diff output as Ansible's callback prints it. The hunks of config-like files are checked against
 * Python's difflib (test/fixtures/diff/difflib-cases.json, written by generate.py there); the rest
 * follows CallbackBase._get_diff rule by rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatDiff, unifiedDiff } from '../../src/cli/output/diff-output.js';
import { repo } from '../support/fleet.js';

const cases: { before: string[]; after: string[]; expected: string }[] = JSON.parse(fs.readFileSync(path.join(repo, 'test/fixtures/diff/difflib-cases.json'), 'utf8'));

describe('unifiedDiff', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i prints what difflib.unified_diff prints', (_i, { before, after, expected }) => {
    expect(unifiedDiff(before, after, 'before', 'after').join('')).toBe(expected);
  });
});

describe('formatDiff', () => {
  it.each([
    ['identical texts print nothing', { before: 'a\n', after: 'a\n' }, ''],
    ['headers name both sides', { before_header: '/etc/a', after_header: 'templates/a.j2', before: 'x\n', after: 'y\n' }, '--- before: /etc/a\n+++ after: templates/a.j2\n@@ -1 +1 @@\n-x\n+y\n\n'],
    ['a new file diffs from nothing', { before: '', after: 'one\ntwo\n' }, '--- before\n+++ after\n@@ -0,0 +1,2 @@\n+one\n+two\n\n'],
    ['a missing final newline is noted on its line', { before: 'a\nb', after: 'a\nb\n' }, '--- before\n+++ after\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n\n'],
    [
      'dictionaries become sorted, indented JSON',
      { before: { path: '/x', state: 'absent' }, after: { path: '/x', state: 'directory' } },
      '--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n     "path": "/x",\n-    "state": "absent"\n+    "state": "directory"\n }\n\n',
    ],
    ['None is an empty text', { before: null, after: 'x\n' }, '--- before\n+++ after\n@@ -0,0 +1 @@\n+x\n\n'],
    ['binary and large files are named, not diffed', { dst_binary: 1, src_larger: 104448 }, 'diff skipped: destination file appears to be binary\ndiff skipped: source file size is greater than 104448\n'],
    ['prepared text is shown as given', { prepared: 'some text\n' }, 'some text\n'],
    ['an entry without before and after prints nothing', { before_header: '/x (file attributes)', after_header: '/x (file attributes)' }, ''],
  ])('%s', (_name, diff, expected) => {
    expect(formatDiff(diff, false)).toBe(expected);
  });

  it('prints every entry of a list in order', () => {
    const text = formatDiff([{ before: 'a\n', after: 'b\n', before_header: 'f (content)', after_header: 'f (content)' }, { before_header: 'f (file attributes)', after_header: 'f (file attributes)' }], false);
    expect(text).toBe('--- before: f (content)\n+++ after: f (content)\n@@ -1 +1 @@\n-a\n+b\n\n');
  });
});
