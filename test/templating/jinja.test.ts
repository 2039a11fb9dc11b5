/** Templating with Ansible's strict undefined rules, on nunjucks. */
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

  it.each<[string, string]>([
    ['echo {{ nope }}', 'nope'],
    ['{{ conf.nope }}', 'conf.nope'],
    ['{{ nope.deeper }}', 'nope'],
    ['{% if nope %}x{% endif %}', 'nope'],
    ['{{ nope | upper }}', 'nope'],
    ['{{ missing | default(other) }}', 'other'],
  ])('%s is an error naming %s', (template, name) => {
    expect(() => renderString(template, vars)).toThrow(new UndefinedVariableError(name));
  });

  it('names a mandatory variable', () => {
    expect(() => renderString('{{ release | mandatory }}', vars)).toThrow("Mandatory variable 'release' not defined.");
  });

  it('reports syntax errors as template errors', () => {
    expect(() => renderString('{{ oops', vars)).toThrow(/template error while templating '\{\{ oops'/);
  });
});
