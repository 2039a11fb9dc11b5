/**
 * What `lookup()` makes of what a lookup plugin returns, as Ansible's templar: a list of strings
 * joined with commas, anything else kept. A plugin written in Python (run through the bridge) may
 * return something else than a list: a mapping gives its keys joined (wantlist keeps it whole).
 */
import { renderString } from '../../src/templating/jinja.js';
import { setLookupFallback } from '../../src/templating/lookups/registry.js';

let returned: unknown;
setLookupFallback((name) => (name === 'returns' ? { run: () => returned as unknown[] } : undefined));

describe('lookup() of what a plugin returns', () => {
  it.each<[unknown, string, string]>([
    [{ one: 1, two: 2 }, "{{ lookup('returns') }}", 'one,two'],
    [{ one: 1, two: 2 }, "{{ lookup('returns') is string }}", 'True'],
    [{ one: 1, two: 2 }, "{{ lookup('returns', wantlist=True) is mapping }}", 'True'],
    [{}, "{{ lookup('returns') }}", '{}'],
    ['abc', "{{ lookup('returns') }}", 'a,b,c'],
    [['a', 'b'], "{{ lookup('returns') }}", 'a,b'],
    [[1, 'b'], "{{ lookup('returns') }}", "[1, 'b']"],
    [[1], "{{ lookup('returns') | type_debug }}", 'int'],
    [[], "{{ lookup('returns') }}", '[]'],
  ])('%j: %s', (value, template, expected) => {
    returned = value;
    expect(renderString(template, {})).toBe(expected);
  });
});
