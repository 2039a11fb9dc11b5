/** Modules that run inside deployer, with no connection: debug, set_fact, set_stats, fail, assert, pause. */
import { isUndefined, UndefinedVariableError } from '../templating/jinja.js';
import { isTruthy } from '../templating/expressions.js';
import { isNumber, str } from '../templating/jinja2/values.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import type { ModuleDef } from './types.js';

export const debug: ModuleDef = {
  async run(args, context) {
    if (args.var !== undefined) {
      const name = String(args.var);
      let value: unknown;
      try {
        value = context.evaluate(name);
      } catch (error) {
        if (!(error instanceof UndefinedVariableError)) throw error;
        value = undefined;
      }
      if (isUndefined(value)) return { changed: false, [name]: 'VARIABLE IS NOT DEFINED!', _ansible_verbose_always: true };
      // as Ansible's templar: only a bare name keeps a number as it is; an expression (`r.rc`,
      // `n + 1`) is rendered to text, and a number (or None) stays text
      const rendered = !/^\s*\w*\s*$/.test(name) && ((isNumber(value) && typeof value !== 'boolean') || value === null) ? str(value) : value;
      return { changed: false, [name]: rendered, _ansible_verbose_always: true };
    }
    return { changed: false, msg: args.msg === undefined ? 'Hello world!' : args.msg, _ansible_verbose_always: true };
  },
};

const PYTHON_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));

/** Ansible's isidentifier: an ASCII Python identifier that is not a keyword. */
export const isIdentifier = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);

export const setFact: ModuleDef = {
  async run(args) {
    const facts = Object.fromEntries(Object.entries(args).filter(([key]) => key !== 'cacheable' && key !== '_raw_params'));
    // the names may be templates (`"{{ item }}=moo"`), rendered by now: each must be a variable name
    const invalid = Object.keys(facts).find((key) => !isIdentifier(key));
    if (invalid !== undefined) {
      // an AnsibleActionFail: its `exception` is Python's traceback text outside an exception
      return { failed: true, msg: `The variable name '${invalid}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`, exception: 'NoneType: None\n' };
    }
    if (Object.keys(facts).length === 0) return { failed: true, msg: 'No key/value pairs provided, at least one is required for this action to succeed' };
    // as Ansible's set_fact (jinja2_native off): the texts true/false/yes/no become booleans
    for (const [key, value] of Object.entries(facts)) {
      if (typeof value === 'string' && ['true', 'false', 'yes', 'no'].includes(value.toLowerCase())) facts[key] = ['true', 'yes'].includes(value.toLowerCase());
    }
    return { changed: false, ansible_facts: facts };
  },
};

export const fail: ModuleDef = {
  async run(args) {
    return { changed: false, failed: true, msg: args.msg === undefined ? 'Failed as requested from task' : args.msg };
  },
};

export const assert: ModuleDef = {
  async run(args, context) {
    const that = Array.isArray(args.that) ? args.that : [args.that];
    // as Ansible's assert action: the result, passed or failed, is shown in full unless `quiet`
    const quiet = args.quiet !== undefined && ansibleBoolean(args.quiet);
    const shown = quiet ? {} : { _ansible_verbose_always: true };
    for (const condition of that) {
      if (!isTruthy(context.evaluate(String(condition), true))) {
        const msg = args.fail_msg ?? args.msg ?? 'Assertion failed';
        return { changed: false, failed: true, assertion: condition, evaluated_to: false, msg, ...shown };
      }
    }
    return { changed: false, msg: args.success_msg ?? 'All assertions passed', ...shown };
  },
};

export const pause: ModuleDef = {
  async run(args) {
    const seconds = Number(args.seconds ?? 0) + Number(args.minutes ?? 0) * 60;
    if (args.seconds === undefined && args.minutes === undefined) {
      return { failed: true, msg: 'pause without seconds or minutes waits for a keypress, which deployer cannot do; give seconds' };
    }
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return { changed: false, delta: seconds, echo: true, rc: 0, start: '', stop: '', stdout: `Paused for ${seconds} seconds`, user_input: '' };
  },
};

const SET_STATS_OPTIONS = new Set(['data', 'per_host', 'aggregate']);

/**
 * set_stats, as Ansible's action plugin: it only returns `ansible_stats` (the data, per_host,
 * aggregate); the playbook engine adds them to the run's custom stats.
 */
export const setStats: ModuleDef = {
  async run(args) {
    const unknown = Object.keys(args).filter((key) => !SET_STATS_OPTIONS.has(key));
    if (unknown.length) return { failed: true, msg: `Invalid options for set_stats: ${unknown.join(',')}` };
    const data = args.data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { failed: true, msg: "The 'data' option needs to be a dictionary/hash" };
    const invalid = Object.keys(data).find((key) => !isIdentifier(key));
    if (invalid !== undefined) return { failed: true, msg: `The variable name '${invalid}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.` };
    const option = (name: 'per_host' | 'aggregate', fallback: boolean) => (args[name] === undefined || args[name] === null ? fallback : ansibleBoolean(args[name]));
    return { changed: false, ansible_stats: { data, per_host: option('per_host', false), aggregate: option('aggregate', true) } };
  },
};
