/** Templating with Ansible's strict undefined rules. */
import { renderString, UndefinedVariableError } from '../../src/templating/jinja.js';

const vars = { install_root: '/data/opt', binaries_version: 'punch-6.4', conf: { port: 9092 }, empty: '', none: null, list: [1, 2] };

describe('renderString', () => {
  it.each<[string, string]>([
    ['sudo rm -rf {{install_root}}/{{binaries_version}}/patch', 'sudo rm -rf /data/opt/punch-6.4/patch'],
    ['{{ conf.port }}', '9092'],
    ["{{ conf['port'] }}", '9092'],
    ['{{ missing | default("x") }}', 'x'],
    ['{{ missing | d("y") }}', 'y'],
    ['{{ missing.deeper | default("z") }}', 'z'],
    ['{{ conf.nope | default(1) }}', '1'],
    ['{{ empty | default("e", true) }}', 'e'],
    ['{% if missing is defined %}yes{% else %}no{% endif %}', 'no'],
    ['{% if install_root is defined %}yes{% endif %}', 'yes'],
    ['{% if missing is undefined %}u{% endif %}', 'u'],
    ['{% for i in list %}{{ i }}{% endfor %}', '12'],
    ['{% set x = 5 %}{{ x }}', '5'],
    ['no template here {not one}', 'no template here {not one}'],
  ])('%s', (template, expected) => {
    expect(renderString(template, vars)).toBe(expected);
  });

  // Ansible's (Jinja2's) messages: the variable, or the object and its missing attribute
  it.each<[string, string]>([
    ['echo {{ nope }}', "'nope' is undefined"],
    ['{{ conf.nope }}', "'dict object' has no attribute 'nope'"],
    ['{{ nope.deeper }}', "'nope' is undefined"],
    ['{% if nope %}x{% endif %}', "'nope' is undefined"],
    ['{{ nope | upper }}', "'nope' is undefined"],
    ['{{ missing | default(other) }}', "'other' is undefined"],
  ])('%s is an undefined-variable error: %s', (template, message) => {
    expect(() => renderString(template, vars)).toThrow(UndefinedVariableError);
    expect(() => renderString(template, vars)).toThrow(message);
  });

  it('names a mandatory variable', () => {
    expect(() => renderString('{{ release | mandatory }}', vars)).toThrow("Mandatory variable 'release'  not defined.");
  });

  it('reports syntax errors as template errors', () => {
    expect(() => renderString('{{ oops', vars)).toThrow(/template error while templating '\{\{ oops'/);
  });
});

describe('Python slices', () => {
  const v = { xs: [1, 2, 3, 4, 5], s: 'kafka_2.12', groups: { all: ['a', 'b', 'c', 'd'] } };
  it.each<[string, string]>([
    ["{{ groups['all'][:3] | join(',') }}", 'a,b,c'],
    ['{{ xs[1:3] }}', '[2, 3]'],
    ['{{ xs[-2:] }}', '[4, 5]'],
    ['{{ xs[::2] }}', '[1, 3, 5]'],
    ['{{ xs[::-1] }}', '[5, 4, 3, 2, 1]'],
    ['{{ s[:5] }}', 'kafka'],
    ['{{ s[6:] }}', '2.12'],
    ['{{ xs[0] }} {{ xs[-1] }}', '1 5'],
    ["{% for h in groups['all'][1:] %}{{ h }}{% endfor %}", 'bcd'],
  ])('%s', (template, expected) => {
    expect(renderString(template, v)).toBe(expected);
  });
});
