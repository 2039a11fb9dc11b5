/**
 * ansible.builtin filters where Python's library decides the result: path_join is os.path.join
 * (an absolute part starts over, nothing normalized), hash takes hashlib's names and fails on
 * others, b64encode/b64decode take Python's codec names, regex_escape is re.escape (or escapes
 * for POSIX basic expressions), combine drops nulls and checks pairs as merge_hash does.
 * subelements words its failures as Ansible's, comment composes its block as Ansible's does. Expected values are Python 3.11's and Ansible 2.14's.
 */
import { comment } from '../../src/templating/jinja2/filters/comment.js';
import { renderString } from '../../src/templating/jinja.js';

const render = (template: string) => renderString(template, {});

describe('filters as Python computes them', () => {
  it.each([
    ["{{ ('/etc', 'subdir', '/test') | path_join }}", '/test'],
    ["{{ ('a', '', 'b') | path_join }}", 'a/b'],
    ["{{ ('a', '../b//c') | path_join }}", 'a/../b//c'],
    ["{{ ('a', '') | path_join }}", 'a/'],
    ["{{ 'hash' | hash('sha3_256') }}", 'd7333e98f53ddf1de70dd986f6a73f0c0d92f928458873b0d2a8a09ac22c191a'],
    ["{{ 'hash' | hash('ripemd160') }}", '73045e2e25b9531d5cb676cf73fff291d4a1ee6d'],
    ["{{ 'hash' | hash('sha512_224') }}", 'cb0bee723bc882734784adfc0e30d7671c99f13de409edb8a427f2eb'],
    ["{{ 'Ansible - くらとみ\n' | b64encode(encoding='utf-16-le') }}", 'QQBuAHMAaQBiAGwAZQAgAC0AIABPMIkwaDB/MAoA'],
    ["{{ 'QQBuAHMAaQBiAGwAZQAgAC0AIABPMIkwaDB/MAoA' | b64decode(encoding='utf_16_le') }}", 'Ansible - くらとみ\n'],
    ["{{ 'é' | b64encode(encoding='utf-16') }}", '//7pAA=='],
    ["{{ '//7pAA==' | b64decode(encoding='UTF-16') }}", 'é'],
    ["{{ 'é' | b64encode(encoding='latin-1') }}", '6Q=='],
    ["{{ 'a-b_c.d e/f%g@h' | regex_escape }}", 'a\\-b_c\\.d\\ e/f%g@h'],
    ["{{ ']]^' | regex_escape(re_type='posix_basic') }}", '\\]\\]\\^'],
    ['{{ None | combine }}', '{}'],
    ["{{ 'abc' | combine }}", 'abc'],
    ["{{ [{'a': 1}, None, {'b': 2}] | combine }}", "{'a': 1, 'b': 2}"],
  ])('%s', (template, expected) => expect(render(template)).toBe(expected));

  it.each([
    ["{{ 'hash' | hash('unsupported_hash_type') }}", 'unsupported hash type unsupported_hash_type'],
    ["{{ 'x' | b64encode(encoding='nope') }}", 'unknown encoding: nope'],
    ['{{ [] | path_join }}', "join() missing 1 required positional argument: 'a'"],
    ["{{ ']' | regex_escape(re_type='posix_extended') }}", 'Regex type (posix_extended) not yet implemented'],
    ["{{ ']' | regex_escape(re_type='haha') }}", 'Invalid regex type (haha)'],
    ["{{ [{'a': 1}, [{'b': 2}]] | combine({'c': 3}) }}", 'failed to combine variables, expected dicts but got a \'list\' and a \'dict\': \n[{"b": 2}]\n{"c": 3}'],
    ["{{ True | subelements('foo') }}", 'obj must be a list of dicts or a nested dict'],
    ['{{ {} | subelements(17) }}', 'subelements must be a list or a string'],
    ["{{ [{'name': 'alice', 'groups': ['wheel']}] | subelements('nope') }}", "could not find 'nope' key in iterated item {'name': 'alice', 'groups': ['wheel']}"],
    ["{{ [{'name': 'alice', 'groups': ['wheel']}] | subelements('name') }}", "the key 'name' should point to a list, got 'alice'"],
    ["{{ [{'name': 'alice', 'groups': ['wheel']}] | subelements(['groups', 'x']) }}", "the key x should point to a dictionary, got '['wheel']'"],
    ['{{ True | items2dict }}', "items2dict requires a list, got <class 'bool'> instead."],
    ['{{ [True] | items2dict }}', 'items2dict requires a list of dictionaries, got [True] instead.'],
    ["{{ [{'notkey': 1, 'value': 2}] | items2dict }}", "items2dict requires each dictionary in the list to contain the keys 'key' and 'value', got [{'notkey': 1, 'value': 2}] instead."],
    ['{{ 1 | dict2items }}', "dict2items requires a dictionary, got <class 'int'> instead."],
    ["{{ [] | rekey_on_member('asdf', duplicates='boo') }}", 'duplicates parameter to rekey_on_member has unknown value: boo'],
  ])('%s fails: %s', (template, message) => expect(() => render(template)).toThrow(message));
});

describe('comment', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["boo!", {}, "#\n# boo!\n#"],
    ["boo!", {"decoration": "-- "}, "--\n-- boo!\n--"],
    ["boo!", {"style": "cblock"}, "/*\n *\n * boo!\n *\n */"],
    ["boo!", {"decoration": ""}, "boo!\n"],
    ["boo!", {"prefix": "\n", "prefix_count": 20}, "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n# boo!\n#"],
    ["a\nb\n\nc", {"style": "xml"}, "<!--\n -\n - a\n - b\n -\n - c\n -\n-->"],
    ["x", {"style": "c", "postfix_count": 3, "end": "END"}, "//\n// x\n//\n//\n//\nEND"],
  ])('%j with %j', (text, { style = 'plain', ...options }, expected) => expect(comment(text, style, options)).toBe(expected));

  it('fails on a style it does not know, as Python does', () => expect(() => comment('x', 'nope', {})).toThrow("'nope'"));
});
