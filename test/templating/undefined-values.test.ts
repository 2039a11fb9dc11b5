/**
 * Undefined values as Ansible's templar treats them: repr() of one is AnsibleUndefined(...), not
 * an error ('%r' | format(...)), while what a template outputs may hold none at any depth
 * (_fail_on_undefined). Expected texts are what ansible-playbook 2.14 printed.
 */
import { renderString, UndefinedVariableError } from '../../src/templating/jinja.js';
import { templateValue } from '../../src/templating/expressions.js';

const vars = { things: [{ name: 'one' }, { other: 'two' }], empty: {} };

describe('undefined values', () => {
  it.each([
    ["{{ '%r' | format(nope) }}", "AnsibleUndefined(hint=None, obj=missing, name='nope')"],
    ["{{ '%r' | format(empty.y) }}", "AnsibleUndefined(hint=None, obj={}, name='y')"],
    ["{{ '%r' | format([empty.y]) }}", "[AnsibleUndefined(hint=None, obj={}, name='y')]"],
    ["{{ things | map(attribute='name') | select('defined') | join(',') }}", 'one'],
    ['{{ [nope] | length }}', '1'],
  ])('%s gives %s', (template, expected) => expect(renderString(template, structuredClone(vars))).toBe(expected));

  it.each([
    ["{{ things | map(attribute='name') }}", "'dict object' has no attribute 'name'"],
    ['{{ [nope] }}', "'nope' is undefined"],
    ["{{ {'a': empty.y} }}", "'dict object' has no attribute 'y'"],
    ['a{{ [empty.y] }}', "'dict object' has no attribute 'y'"],
  ])('%s fails: %s', (template, message) => {
    expect(() => templateValue(template, structuredClone(vars))).toThrow(UndefinedVariableError);
    expect(() => templateValue(template, structuredClone(vars))).toThrow(message);
  });
});
