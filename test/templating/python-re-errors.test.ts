/**
 * Python's words for a regular expression re.compile refuses (what Ansible's varnames lookup
 * reports), and no error for those it takes: each expected text is what Python 3.11 says.
 */
import { pythonRegexError } from '../../src/templating/python-re-errors.js';

describe('pythonRegexError', () => {
  it.each<[string, string | undefined]>([
    ['*', 'nothing to repeat at position 0'],
    ['a**', 'multiple repeat at position 2'],
    ['(', 'missing ), unterminated subpattern at position 0'],
    ['a)', 'unbalanced parenthesis at position 1'],
    ['[a', 'unterminated character set at position 0'],
    ['a\\', 'bad escape (end of pattern) at position 1'],
    ['(?P<x', 'missing >, unterminated name at position 4'],
    ['+a', 'nothing to repeat at position 0'],
    ['a|*', 'nothing to repeat at position 2'],
    ['a{2}*', 'multiple repeat at position 4'],
    ['x(*)', 'nothing to repeat at position 2'],
    ['ab{1,2}{3}', 'multiple repeat at position 7'],
    ['^*', 'nothing to repeat at position 1'],
    ['$*', 'nothing to repeat at position 1'],
    ['\\b*', 'nothing to repeat at position 2'],
    ['(?:)*', undefined],
    ['a{2}?', undefined],
    ['a*?+', 'multiple repeat at position 3'],
    ['a*+', undefined],
    ['a*++', 'multiple repeat at position 3'],
    ['((a', 'missing ), unterminated subpattern at position 1'],
    ['(a(b)', 'missing ), unterminated subpattern at position 0'],
    ['\\q', 'bad escape \\q at position 0'],
    ['a{,}*', 'multiple repeat at position 4'],
    ['{2}', 'nothing to repeat at position 0'],
    ['x{}*', undefined],
    ['a{2,1}', 'min repeat greater than max repeat at position 2'],
    ['[]a', 'unterminated character set at position 0'],
    ['[^]a', 'unterminated character set at position 0'],
    ['(?P<x>a)(?P=x)*', undefined],
    ['(?=a)*', undefined],
    ['a|', undefined],
    ['()*', undefined],
    ['(?i)a', undefined],
    ['(?:*)', 'nothing to repeat at position 3'],
    ['(?<=a)*b', undefined],
    ['[a-z]+\\d{2,}', undefined],
    ['^qz_.+', undefined],
    ['^q.*_\\d', undefined],
    ['(?P<n>\\w+)@', undefined],
    ['\\(a\\)*', undefined],
    ['[\\]]*', undefined],
  ])('%s', (pattern, expected) => expect(pythonRegexError(pattern)).toBe(expected));
});
