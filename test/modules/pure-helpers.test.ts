/** The pure parts of the file modules, table-driven from chmod's and Python's rules. */
import { applySymbolicMode, insertionIndex } from '../../src/modules/files.js';
import { blockInsertionIndex, pythonReplacement } from '../../src/modules/text-edits.js';

describe('symbolic modes, as chmod applies them', () => {
  it.each<[string, string, boolean, string]>([
    ['0644', 'u+x', false, '0744'],
    ['0755', 'go-w', false, '0755'],
    ['0777', 'go-w', false, '0755'],
    ['0700', 'u=rwx,g=rx,o=', true, '0750'],
    ['0640', 'a+r', false, '0644'],
    ['0644', 'a+X', false, '0644'],
    ['0755', 'a+X', false, '0755'],
    ['0600', 'a+X', true, '0711'],
    ['0755', 'o=', false, '0750'],
    ['0644', 'u+s', false, '4644'],
  ])('%s with %s (dir: %s) gives %s', (current, spec, dir, expected) => {
    expect(applySymbolicMode(current, spec, dir)).toBe(expected);
  });
});

describe('Python replacement strings', () => {
  it.each<[string, string, string, string]>([
    ['host=old.example', '^host=(\\w+)\\.example$', 'host=\\1.internal', 'host=old.internal'],
    ['a-b', '(?<x>a)-(b)', '\\g<x>+\\2', 'a+b'],
    ['price', 'price', 'costs $5', 'costs $5'],
  ])('%s with %s → %s', (text, pattern, replacement, expected) => {
    expect(text.replace(new RegExp(pattern), pythonReplacement(replacement))).toBe(expected);
  });
});

describe('where lineinfile inserts', () => {
  const lines = ['a=1', '# section', 'b=2', '# section', 'c=3'];
  it.each<[Record<string, unknown>, number]>([
    [{}, 5],
    [{ insertafter: 'EOF' }, 5],
    [{ insertbefore: 'BOF' }, 0],
    [{ insertafter: '^# section' }, 4],
    [{ insertbefore: '^# section' }, 1],
    [{ insertafter: '^nomatch' }, 5],
    [{ insertbefore: '^nomatch' }, 5],
  ])('%j → %d', (args, index) => {
    expect(insertionIndex(lines, args)).toBe(index);
  });
});

describe('where blockinfile inserts a new block', () => {
  const text = 'a=1\n# section\nb=2\n# section\nc=3\n';
  const lines = text.trimEnd().split('\n');
  it.each<[Record<string, unknown>, number]>([
    [{}, 5],
    [{ insertbefore: 'BOF' }, 0],
    [{ insertafter: '^# section' }, 4],
    [{ insertbefore: '^# section' }, 3],
    [{ insertafter: '^nomatch' }, 5],
    [{ insertbefore: '^nomatch' }, 5],
    [{ insertafter: '(?m)^a=1\n# sec' }, 2],
    [{ insertbefore: '(?m)^# section\nb' }, 1],
    [{ insertafter: '^a=1\n# sec' }, 5],
  ])('%j → line %d', (args, index) => {
    expect(blockInsertionIndex(text, lines, args)).toBe(index);
  });
});
