/**
 * The differential test's corpus: templates generated over Jinja2's grammar and Python's value
 * types (every operator over literals of every type, filters, tests and methods over values,
 * printf and str.format), plus statements and examples written the way playbooks use them.
 * Rendered by deployer and by Ansible's templar; results and error classes must agree.
 */

/** Variables every template sees (JSON: the oracle receives them as they are). */
export const CASE_VARS = {
  n: 3,
  f: 2.5,
  s: 'Hello World',
  csv: 'a,b,,c',
  path: '/etc/app/conf.d/app.conf',
  empty: '',
  nothing: null,
  yes: true,
  nums: [3, 1, 2],
  words: ['beta', 'Alpha', 'gamma', 'alpha'],
  nested: [[1, 2], [3, [4, 5]], null, 6],
  conf: { port: 8080, name: 'app', opts: { debug: false, level: 'info' }, tags: ['a', 'b'] },
  users: [
    { name: 'alice', uid: 1001, groups: ['wheel', 'dev'], active: true },
    { name: 'bob', uid: 1002, groups: ['dev'], active: false },
    { name: 'carol', uid: 1000, groups: [], active: true, shell: '/bin/zsh' },
  ],
  inventory_hostname: 'web2',
  groups: { all: ['web1', 'web2', 'db1'], web: ['web1', 'web2'], db: ['db1'] },
  result: { changed: true, failed: false, rc: 0, stdout: 'ok\nsecond line', stdout_lines: ['ok', 'second line'] },
  skipped_result: { changed: false, skipped: true },
  version: '1.10.2',
};

/** Literals of every Python type, as a template writes them. */
const LITERALS = ['None', 'True', 'False', '0', '1', '7', '-3', '2.5', '1.0', '1e3', "''", "'abc'", "'7'", '[]', "[1, 'a']", '(1, 2)', '{}', "{'a': 1}"];
const BINARY = ['+', '-', '*', '/', '//', '%', '**', '~', '==', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'and', 'or'];

const VALUES = ['n', 'f', 's', 'csv', 'empty', 'nothing', 'yes', 'nums', 'words', 'conf', 'users', 'nested', 'missing', "'  padded  '", "'x-y_z'", '[3, 3, 1]', "{'b': 2, 'a': 1}", '0', '-2.75', "'42'", "'3.5'"];

const FILTERS = [
  'abs', 'capitalize', 'center(9)', 'count', 'default(5)', "default('x', true)", 'dictsort', 'first', 'last', 'float', 'int', "int(0, 16)", 'join', "join('-')", 'length',
  'list', 'lower', 'upper', 'max', 'min', 'reverse', 'round', 'round(1)', "round(1, 'floor')", 'sort', 'sort(reverse=true)', 'string', 'sum', 'title', 'trim', 'unique', 'wordcount',
  'tojson', 'to_json', 'to_nice_json', 'bool', 'type_debug', 'flatten', 'flatten(1)', 'quote', 'b64encode', 'hash', "hash('md5')", 'md5', 'sha1', 'checksum', 'basename', 'dirname',
  'dict2items', "regex_replace('l+', 'L')", "regex_search('[a-z]+')", "regex_findall('o.')", "replace('l', 'L')", "split(',')", "ternary('yes', 'no')", "union([1, 'x'])",
  'items', 'batch(2)', 'slice(2)', "map('string')", "select('odd')", "reject('none')", "truncate(5)", 'indent(2)', 'filesizeformat', 'urlencode', 'pprint', 'escape',
];

/** The rest of the filters the README lists, each with the arguments its documentation shows. */
const MORE_FILTERS = [
  "attr('upper') is callable", "attr('nope') is defined", 'forceescape', "groupby('name')", 'safe', 'striptags', 'xmlattr', 'comment', 'expanduser', "extract(conf)", 'from_yaml_all',
  // (`log` other than base 10 is left out: JavaScript's Math.log and the C library's differ in the last digit)
  'human_readable', 'log(10)', 'path_join', 'pow(2)', 'realpath', "relpath('/etc')", 'root', 'splitext', 'to_uuid', 'urldecode', "zip_longest([1, 2, 3, 4], fillvalue='-')",
  // (`to_nice_yaml` at its default indent of 4 is left out: see the README, PyYAML's indentation of nested sequences is not reproduced)
  "rekey_on_member('name')", 'to_yaml', 'to_nice_yaml(indent=2)', 'from_json', "symmetric_difference([1, 'x'])", "difference([1])", "intersect(nums)", 'd', 'count', 'items2dict',
];

const TESTS = ['callable', 'sameas 3', 'escaped', 'filter', 'test', 'nan', 'file', 'directory', 'link', 'exists', 'abs', 'reachable', 'unreachable', 'finished', 'started', 'any', 'all', "superset([1])", "version('1.0', '>')", 'success', 'failed', 'changed', 'skipped',
  'defined', 'undefined', 'none', 'string', 'number', 'integer', 'float', 'mapping', 'sequence', 'iterable', 'boolean', 'true', 'false', 'odd', 'even', 'divisibleby 3', 'lower', 'upper', "in [1, 3]", "eq 3", 'truthy', 'falsy', "match('H')", "search('o W')", "regex('^[a-z]')", "contains(1)", "subset([1, 2, 3])"];

const STRING_METHODS = [
  "split()", "split(',')", "split(',', 1)", "rsplit(',', 1)", "strip()", "strip('ab')", "lstrip()", "rstrip()", "upper()", "lower()", "title()", "capitalize()", "startswith('a')",
  "startswith(('x', 'a'))", "endswith(',c')", "replace(',', ';')", "replace(',', '', 1)", "find(',')", "rfind(',')", "index('b')", "index('zz')", "count(',')", "center(11, '*')",
  "ljust(9, '.')", "rjust(9)", "zfill(9)", "partition(',')", "rpartition(',')", "join(['x', 'y'])", "isdigit()", "isalpha()", "splitlines()", "format(1, 2)", "swapcase()",
];

/** Every generated and written template, in a fixed order. */
export function jinjaCases(): string[] {
  const cases: string[] = [];
  for (const a of LITERALS) {
    for (const op of BINARY) {
      for (const b of LITERALS) {
        // a fractional power: Python's (correctly rounded) pow and JavaScript's can differ in the
        // last digit, and a negative base gives a complex number (neither is modelled)
        if (op === '**' && /\.\d/.test(b)) continue;
        cases.push(`{{ ${a} ${op} ${b} }}`);
      }
    }
    cases.push(`{{ not ${a} }}`, `{{ -${a} }}`, `{{ ${a} }}`, `{{ [${a}] }}`, `{{ ${a} if ${a} else 'no' }}`);
  }
  for (const value of VALUES) {
    for (const filter of [...FILTERS, ...MORE_FILTERS]) cases.push(`{{ ${value} | ${filter} }}`);
    for (const test of TESTS) cases.push(`{{ ${value} is ${test} }}`, `{{ ${value} is not ${test} }}`);
    cases.push(`{{ ${value}[0] }}`, `{{ ${value}[1:] }}`, `{{ ${value}[-1] }}`, `{{ ${value}.name }}`, `{{ ${value}['a'] }}`);
  }
  for (const subject of ['csv', 's', "'  a b  '", "''"]) for (const method of STRING_METHODS) cases.push(`{{ ${subject}.${method} }}`);
  for (const format of ['%s', '%r', '%d', '%5d', '%-5d|', '%05.1f', '%.2f', '%x', '%e', '%g', '%s-%s', '%(a)s']) {
    for (const args of ['n', 'f', 's', '(1, 2)', "{'a': 'z'}", 'nums', 'nothing']) cases.push(`{{ '${format}' % ${args} }}`);
  }
  for (const spec of ['{}', '{:>6}', '{:<6}|', '{:^7}', '{:06.2f}', '{:,}', '{!r}', '{0}{0}', '{:x}', '{:.1%}']) {
    for (const args of ['n', 'f', 's', '1234567']) cases.push(`{{ '${spec}'.format(${args}) }}`);
  }
  cases.push(...WRITTEN, ...LOOKUPS);
  return cases;
}

/** Statements and expressions as playbooks and the Jinja and Ansible documentation write them. */
const WRITTEN = [
  '{% for u in users %}{{ u.name }}{% if not loop.last %}, {% endif %}{% endfor %}',
  '{% for u in users if u.active %}{{ loop.index }}:{{ u.name }} {% endfor %}',
  '{% for u in users %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.length }} {% endfor %}',
  "{% for x in [] %}never{% else %}empty{% endfor %}",
  '{% for k, v in conf.opts.items() %}{{ k }}={{ v }}\n{% endfor %}',
  '{% for k in conf | dictsort %}{{ k[0] }} {% endfor %}',
  '{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}',
  "{% for x in nums %}{{ loop.cycle('odd', 'even') }} {% endfor %}",
  '{% for x in [1, 1, 2] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}',
  '{% for x in nums %}{{ loop.previtem | default("-") }}{{ x }}{% endfor %}',
  '{% for row in [[1, 2], [3]] %}{% for c in row %}{{ loop.depth }}{{ c }}{% endfor %}|{% endfor %}',
  '{% for item in nested recursive %}{% if item is iterable and item is not string %}[{{ loop(item) }}]{% else %}{{ item }},{% endif %}{% endfor %}',
  '{% if n > 5 %}big{% elif n > 2 %}medium{% else %}small{% endif %}',
  '{% if missing is defined %}yes{% else %}no{% endif %}',
  '{% if conf.opts.debug %}debug{% endif %}done',
  '{% set x = 5 %}{% set y = x * 2 %}{{ y }}',
  '{% set a, b = 1, 2 %}{{ a }}{{ b }}',
  '{% set total = 0 %}{% for x in nums %}{% set total = total + x %}{% endfor %}{{ total }}',
  '{% set ns = namespace(total=0) %}{% for x in nums %}{% set ns.total = ns.total + x %}{% endfor %}{{ ns.total }}',
  '{% set block_var %}inside {{ n }}{% endset %}[{{ block_var }}]',
  '{% set up | upper %}shout{% endset %}{{ up }}',
  '{% macro greet(name, punct="!") %}Hello {{ name }}{{ punct }}{% endmacro %}{{ greet("bob") }} {{ greet("al", punct="?") }}',
  '{% macro list_all() %}{{ varargs | join(",") }}{% endmacro %}{{ list_all(1, 2, 3) }}',
  '{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}body {{ n }}{% endcall %}',
  '{% filter upper %}quiet {{ s }}{% endfilter %}',
  '{% raw %}{{ not rendered }}{% endraw %}',
  '{# a comment #}text',
  'a\n{% if true %}\nb\n{% endif %}\nc',
  'a\n  {%- if true %}\nb\n{%- endif %}\nc',
  '  {{- n -}}  ',
  '{% with x = 42 %}{{ x }}{% endwith %}{{ x | default("gone") }}',
  'line one\nline two\n',
  '{{ groups["all"] | length }} hosts, this is #{{ groups["all"].index(inventory_hostname) + 1 }}',
  "{{ groups['web'] | difference(['web1']) }}",
  "{{ groups['web'] | intersect(groups['all']) }}",
  "{{ groups['web'] + groups['db'] }}",
  "{{ groups.all | map('upper') | list }}",
  "{{ users | map(attribute='name') | join(', ') }}",
  "{{ users | selectattr('active') | map(attribute='name') | list }}",
  "{{ users | rejectattr('active') | map(attribute='uid') | list }}",
  "{{ users | selectattr('uid', '>', 1000) | list | length }}",
  "{{ users | selectattr('name', 'equalto', 'bob') | first }}",
  "{{ users | sort(attribute='uid') | map(attribute='name') | list }}",
  "{{ users | map(attribute='shell', default='/bin/bash') | list }}",
  "{{ users | groupby('active') | map('first') | list }}",
  "{{ users | sum(attribute='uid') }}",
  "{{ users | max(attribute='uid') }}",
  "{{ users | items2dict(key_name='name', value_name='uid') }}",
  "{{ conf | dict2items | items2dict }}",
  "{{ conf | combine({'port': 9090}) }}",
  "{{ conf | combine({'opts': {'level': 'debug'}}, recursive=True) }}",
  "{{ {'a': [1]} | combine({'a': [2]}, list_merge='append') }}",
  "{{ conf.opts | to_nice_json }}",
  "{{ conf | to_json }}",
  "{{ {'b': 1, 'a': [1, 2]} | tojson }}",
  "{{ '{\"x\": [1, 2]}' | from_json }}",
  "{{ 'a: 1\\nb: [2, 3]' | from_yaml }}",
  "{{ nested | flatten }}",
  "{{ [1, [2, [3]]] | flatten(levels=1) }}",
  "{{ path | basename }} {{ path | dirname }} {{ path | splitext }}",
  "{{ 'mypassword' | hash('sha256') }}",
  "{{ 'hello' | b64encode | b64decode }}",
  "{{ 'Hello World' | regex_replace('(\\\\w+) (\\\\w+)', '\\\\2 \\\\1') }}",
  "{{ 'abc123def' | regex_search('[0-9]+') }}",
  "{{ 'a1b2c3' | regex_findall('[a-z]\\\\d') }}",
  "{{ 'foo bar' | regex_replace('^f', 'F') }}",
  "{{ 'x' | regex_escape }}.{{ 'a.b*c' | regex_escape }}",
  "{{ version is version('1.9', '>') }} {{ version is version('1.10.2', 'eq') }} {{ '2.0' is version_compare('10.0', '<') }}",
  "{{ result is changed }} {{ result is failed }} {{ result is succeeded }} {{ skipped_result is skipped }}",
  "{{ result.stdout_lines | last }} {{ result.stdout.splitlines() | first }}",
  "{{ 'yes' | bool }} {{ 'off' | bool }} {{ 1 | bool }} {{ 'True' | bool }}",
  "{{ (n > 2) | ternary('many', 'few') }}",
  "{{ nothing | ternary('t', 'f', 'none') }}",
  "{{ range(5) | list }} {{ range(1, 10, 3) | list }} {{ range(3) }}",
  "{{ dict(a=1, b=2) }} {{ dict([('x', 1)]) }}",
  "{{ [1, 2, 3] | zip(['a', 'b']) | list }}",
  "{{ [1, 2] | product(['a', 'b']) | list }}",
  "{{ '%s is %d years' | format('Tom', 30) }}",
  "{{ '%-10s|' | format('left') }}",
  "{{ 1234567 | filesizeformat }} {{ 1234567 | filesizeformat(true) }}",
  "{{ 'a b c d e f' | truncate(7) }} {{ 'a b c d e f g h' | truncate(9, true) }}",
  "{{ 'line1\\nline2' | indent(4) }}|{{ 'line1\\nline2' | indent(2, true) }}",
  "{{ 3.14159 | round(2) }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 0.125 | round(2) }} {{ 7 | round }}",
  "{{ 10 / 4 }} {{ 10 // 4 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 0.1 + 0.2 }}",
  "{{ 1e16 }} {{ 1e-5 }} {{ 123456789.0 * 1000 }} {{ 1 / 3 }} {{ 2.0 * 3 }}",
  "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1.0 }} {{ True == 1 }} {{ [1] == (1,) }}",
  "{{ 'b' in 'abc' }} {{ 'a' in conf }} {{ 'port' in conf }} {{ 2 not in nums }}",
  "{{ conf['port'] }} {{ conf.port }} {{ conf.get('port') }} {{ conf.get('nope', 'dflt') }}",
  "{{ conf.keys() | list }} {{ conf.values() | list | length }}",
  "{{ conf.items() | list | first }}",
  "{{ conf.opts.level | upper }}",
  "{{ conf.port is defined }} {{ conf.nope is defined }} {{ conf.nope is undefined }} {{ missing.attr is defined }} {{ conf.items is defined }} {{ 'abc'.upper is defined }} {{ conf.opts.level is not defined }} {{ nums.nope is undefined }}",
  "{{ conf.nope }}",
  "{{ conf.nope | default('d') }}",
  "{{ conf.nope.deeper | default('d2') }}",
  "{{ missing.attr }}",
  "{{ missing | default(conf.port) }}",
  "{{ missing | mandatory }}",
  "{{ nums[5] }}",
  "{{ nums[5] | default('none') }}",
  "{{ nums.index(2) }} {{ nums.count(3) }}",
  "{{ words | sort }} {{ words | sort(case_sensitive=true) }} {{ words | unique }} {{ words | unique(case_sensitive=true) }}",
  "{{ words | min }} {{ words | max }} {{ words | first | upper }}",
  "{{ words | map('length') | list }}",
  "{{ words | select('match', 'a') | list }}",
  "{{ words | reject('equalto', 'beta') | list }}",
  "{{ nums | map('string') | join('+') }}={{ nums | sum }}",
  "{{ nums | sort | first }} {{ nums | sort | last }} {{ nums | reverse | list }}",
  "{{ 'abc' | list }} {{ 'abc' | reverse }} {{ 'abc'[::-1] }} {{ 'abcdef'[1:4] }} {{ 'abcdef'[::2] }}",
  "{{ s.split() | map('lower') | join('_') }}",
  "{{ s | lower | replace(' ', '-') }}",
  "{{ 'Hello' ~ ' ' ~ n ~ '!' }}",
  "{{ '{} and {}'.format('a', 'b') }} {{ '{name}!'.format(name='x') }}",
  "{{ 'hello %s' % s }} {{ '%s:%s' % ('h', 80) }}",
  "{{ (1, 2) }} {{ (1,) }} {{ () }} {{ 1, 2 }}",
  "{{ [None, True, 'x', 1.5] }}",
  "{{ {'k': None} }}",
  "{{ \"it's\" }} {{ 'say \"hi\"' }} {{ ['it\\'s'] }} {{ ['a\\nb'] }}",
  "{{ 'x' * 3 }} {{ [0] * 3 }} {{ 3 * 'ab' }}",
  "{{ n if n is odd else 'even' }}",
  "{{ 'yes' if yes }}|{{ 'no' if not yes }}|",
  "{{ nothing }}|{{ nothing | default('d') }}|{{ nothing | default('d', true) }}",
  "{{ empty | default('e', true) }}|{{ empty or 'fallback' }}",
  "{{ lookup_table | default({}) }}",
  "{{ users[0].groups | join(',') }} {{ users[-1]['name'] }}",
  "{{ users | map(attribute='groups') | flatten | unique | sort }}",
  "{{ users | unique }} {{ [[1], [1], 'a', 'A'] | unique }} {{ [(1, 2), (1, 2)] | unique }} {{ users | unique(attribute='name') | length }}",
  "{{ users | unique(case_sensitive=false) }}",
  "{{ users | map(attribute='groups') | unique(attribute='x') }}",
  "{{ users | subelements('groups') | map('last') | list }}",
  "{{ 'x' | to_uuid }}",
  "{{ 5 | random(seed=1) is number }}",
  "{{ 42 | string | length }}",
  "{{ '5' | int + 1 }} {{ '5.5' | float }} {{ 'abc' | int }} {{ '0x1f' | int(base=16) }} {{ 3.9 | int }}",
  "{{ [1, 2] + [3] }} {{ (1, 2) + (3,) }}",
  "{{ [1, 2] | union([3]) | sort(reverse=true) }}",
  "{{ 'a,b' is match('a') }} {{ 'b' is in 'abc' }}",
  "{{ undefined_thing is defined | ternary('d', 'u') }}",
  "{{ foo | default(bar | default('both missing')) }}",
  "{{ [conf.port, conf.name] | join(':') }}",
  "{{ ['x', 'y'] | map('regex_replace', '^', 'pre-') | list }}",
  "{{ {'a': 1, 'b': 2} | dict2items | map(attribute='key') | list }}",
  "{% for h in groups['web'] %}server {{ h }}:{{ 8000 + loop.index }}\n{% endfor %}",
  "[defaults]\n{% for key, value in conf.opts | dictsort %}\n{{ key }} = {{ value }}\n{% endfor %}\n",
  "{% if result is changed and result.rc == 0 %}restart{% endif %}",
  "{% set hosts = groups['all'] | reject('equalto', inventory_hostname) | list %}{{ hosts }}",
  "{{ n | string + 'x' }}",
  "{{ 1 + 'a' }}",
  "{{ [] < 1 }}",
  "{{ 1 / 0 }}",
  "{{ {}.a.b }}",
  "{{ nums | join(1) }}",
  "{{ x = 1 }}",
  "{{ 'unterminated }}",
  "{% if %}{% endif %}",
  "{% for x in nums %}no end",
  "{% endfor %}",
  "{{ nums | nosuchfilter }}",
  "{{ n is nosuchtest }}",
  "{{ (1 }}",
  "{{ 1 + }}",
  "{% unknowntag %}",
  // brackets inside string literals do not open or close anything
  "{{ '(' ~ '[' ~ '{' }}", "{{ ')' }}{{ '}}' }}", "{% if '(' %}{{ ']' }}{% endif %}",
  // text filters: Python's json.dumps escapes what is not ASCII unless ensure_ascii=False
  "{{ {'name': 'caf\u00e9', 'emoji': '😀'} | to_json }}",
  "{{ {'name': 'caf\u00e9'} | to_json(ensure_ascii=False) }}",
  "{{ ['\u00fc'] | to_nice_json }}",
  // the newlines a template ends with are given back (preserve_trailing_newlines), the last one after
  // a block tag too; line breaks are read as \n
  "{% if yes %}on{% endif %}\n",
  "{% for x in nums %}{{ x }}\n{% endfor %}\n\n",
  "{{ s }}\n\n\n",
  "{% if nothing %}x{% endif %}\n",
  "line one\r\nline {{ n }}\r\n",
  "{% raw %}{{ kept }}{% endraw %}\n",
  // dates as playbooks compute them: to_datetime (strptime), differences, strftime of a fixed epoch in UTC
  "{{ (('2016-08-14 20:00:12' | to_datetime) - ('2015-12-25' | to_datetime('%Y-%m-%d'))).days }}",
  "{{ (('2016-08-14 20:00:12' | to_datetime) - ('2016-08-14 18:00:00' | to_datetime)).total_seconds() }}",
  "{{ ('2016-08-14 20:00:12' | to_datetime) - ('2016-08-15 20:00:12.5' | to_datetime('%Y-%m-%d %H:%M:%S.%f')) }}",
  "{{ '2016-08-14 20:00:12' | to_datetime }}|{{ ['2016-08-14 20:00:00' | to_datetime] }}|{{ ('1999-01-01' | to_datetime('%Y-%m-%d')).year }}",
  "{{ ('Aug 14 2016 8:05PM' | to_datetime('%b %d %Y %I:%M%p')).strftime('%Y-%m-%dT%H:%M:%S.%f %a %A %b %B %j %p') }}",
  "{{ ('2016-08-14' | to_datetime('%Y-%m-%d')) < ('2016-08-15' | to_datetime('%Y-%m-%d')) }} {{ ('2016-08-14' | to_datetime('%Y-%m-%d')) == ('2016-08-14 00:00:00' | to_datetime) }}",
  "{{ '%Y-%m-%d %H:%M:%S %a %b %j %U %W %e %y %C %u %w %D %T %F %%' | strftime(1700000000, utc=true) }}",
  "{{ '2016-02-30' | to_datetime('%Y-%m-%d') }}",
  "{{ '2016-02-10x' | to_datetime('%Y-%m-%d') }}",
  "{{ 'x2016' | to_datetime('%Y-%m-%d') }}",
  "{{ '%Y' | strftime('abc') }}",
  "{{ now(fmt='%Y') | length }} {{ now(true, '%m') | int > 0 }} {{ (now() - now()).days <= 0 }}",
];

/**
 * Lookups as templates call them (the controller's files are read from the current folder, the
 * repository's root, as a bare templar does): every shape of result, errors= and failures.
 */
const FIXTURE = 'test/fixtures/lookups/files';
const LOOKUPS = [
  "{{ lookup('items', 'a', 'b') }}", "{{ lookup('items', nums) }}", "{{ lookup('items', ['only']) }}", "{{ query('items', nested) }}", "{{ q('items', s) }}",
  "{{ lookup('items', nums, wantlist=True) }}", "{{ lookup('items') }}", "{{ lookup('ansible.builtin.items', words) }}", "{{ lookup('list', nums) }}", "{{ q('list', nested) }}",
  "{{ q('nested', nums, ['x', 'y']) }}", "{{ lookup('nested', words[:2], [1], ['z']) }}", "{{ q('nested') }}", "{{ q('together', nums, words) }}", "{{ q('together', [1], []) }}",
  "{{ q('indexed_items', words) }}", "{{ lookup('indexed_items', 'a') }}", "{{ q('dict', conf) }}", "{{ q('dict', conf.opts, {'z': 1}) }}", "{{ q('dict', nums) }}",
  "{{ q('subelements', users, 'groups') }}", "{{ q('subelements', users, 'shell') }}", "{{ q('subelements', users, 'shell', {'skip_missing': True}) }}", "{{ q('subelements', users) }}",
  "{{ q('sequence', '5') }}", "{{ q('sequence', '5-8') }}", "{{ q('sequence', '2-10/2') }}", "{{ q('sequence', '4:host%02d') }}", "{{ q('sequence', 'start=5 end=11 stride=2 format=0x%02x') }}",
  "{{ q('sequence', 'count=5') }}", "{{ q('sequence', 'start=0x0f00 count=4 format=%04x') }}", "{{ q('sequence', 'start=1 count=5 stride=2') }}", "{{ q('sequence', 'count=0') }}",
  "{{ q('sequence', 'start=10 end=1') }}", "{{ q('sequence', 'end=3 count=3') }}", "{{ q('sequence', 'start=1') }}", "{{ q('sequence', 'end=3 format=%d%d') }}", "{{ q('sequence', 'x') }}",
  "{{ q('random_choice', 'one') }}", "{{ q('random_choice') }}",
  "{{ lookup('vars', 'n') }}", "{{ q('vars', 'n', 's') }}", "{{ lookup('vars', 'missing') }}", "{{ lookup('vars', 'missing', default='d') }}", "{{ lookup('vars', 1) }}",
  "{{ q('varnames', '^con') }}", "{{ q('varnames', '^(n|f)$') | sort }}", "{{ q('varnames', '(') }}",
  "{{ q('inventory_hostnames', 'all') }}", "{{ q('inventory_hostnames', 'web:!web2') }}", "{{ q('inventory_hostnames', 'all:&db') }}", "{{ q('inventory_hostnames', 'web[0]') }}", "{{ q('inventory_hostnames', 'w*') }}",
  "{{ lookup('env', 'HOME') }}", "{{ q('env', 'DEPLOYER_SURELY_UNSET', 'HOME') }}", "{{ lookup('env', 'DEPLOYER_SURELY_UNSET', default='dflt') }}",
  "{{ lookup('config', 'DEFAULT_BECOME_USER') }}", "{{ lookup('config', 'NOPE') }}", "{{ lookup('config', 'NOPE', on_missing='skip') }}", "{{ lookup('config', 'NOPE', on_missing='warn') }}",
  `{{ lookup('file', '${FIXTURE}/greeting.txt') }}`, `{{ q('file', '${FIXTURE}/a.conf', '${FIXTURE}/b.conf') }}`, "{{ lookup('file', 'nope.txt') }}", "{{ lookup('file', 'nope.txt', errors='ignore') }}",
  "{{ q('file', 'nope.txt', errors='warn') }}", `{{ q('fileglob', '${FIXTURE}/*.conf') | map('basename') | sort }}`, "{{ q('fileglob', 'nothing/*.none') }}",
  `{{ lookup('first_found', 'nope', '${FIXTURE}/a.conf') | basename }}`, `{{ lookup('first_found', {'files': ['nope', 'b.conf'], 'paths': ['${FIXTURE}']}) | basename }}`,
  "{{ lookup('first_found', 'nope') }}", "{{ q('first_found', 'nope', skip=True) }}", "{{ lookup('first_found', 'nope', errors='ignore') }}",
  `{{ lookup('csvfile', 'beta file=${FIXTURE}/ansible.csv') }}`, `{{ lookup('csvfile', 'web file=${FIXTURE}/services.csv delimiter=, col=2') }}`, `{{ lookup('csvfile', 'zzz file=${FIXTURE}/ansible.csv') }}`,
  `{{ lookup('ini', 'user file=${FIXTURE}/app.ini') }}`, `{{ lookup('ini', 'url', section='database', file='${FIXTURE}/app.ini') }}`, `{{ q('ini', '.*', section='database', file='${FIXTURE}/app.ini', re=True) }}`,
  `{{ lookup('ini', 'x', section='nope', file='${FIXTURE}/app.ini') }}`, `{{ lookup('ini', 'heap.size', type='properties', file='${FIXTURE}/app.properties') }}`,
  "{{ lookup('pipe', 'echo one; echo two') }}", "{{ q('lines', 'printf \"a\\nb\"') }}", "{{ lookup('pipe', 'exit 2') }}", "{{ lookup('pipe', 'exit 2', errors='ignore') }}",
  "{{ lookup('password', '/dev/null', chars=['x'], length=3) }}", "{{ lookup('no_such_lookup', 'x') }}", "{{ lookup() }}", "{{ lookup('items', undefined_term) }}",
];

