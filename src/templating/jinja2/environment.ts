/** The environment Ansible's templar renders with: Jinja2's filters, tests and globals, and Ansible's. */
import { PyFunction, pyFunction } from './callables.js';
import { TemplateError, typeError, valueError } from './errors.js';
import { addAnsibleFilters } from './filters/ansible-filters.js';
import { addJinjaFilters } from './filters/jinja-builtins.js';
import { ContextFunction, Cycler, Namespace, type Context, type Environment } from './runtime.js';
import { addTests } from './tests.js';
import { isIntLike, isMapping, iterate, str, truthy, typeName, Undefined } from './values.js';
import { now, strftime } from './datetimes.js';

function range(args: unknown[]): number[] {
  for (const a of args) if (!isIntLike(a)) throw typeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
  const [start, stop, step] = args.length === 1 ? [0, Number(args[0]), 1] : [Number(args[0]), Number(args[1]), args.length > 2 ? Number(args[2]) : 1];
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

class Joiner {
  readonly pythonType = 'Joiner';
  private used = false;
  constructor(private readonly separator: string) {}
  call(): string {
    if (this.used) return this.separator;
    this.used = true;
    return '';
  }
}

/** Ansible's `lookup(name, *terms, **options)` and `query`/`q` (always a list), run by the context's lookup runner. */
function lookupGlobal(name: string, wantlist: boolean): ContextFunction {
  return new ContextFunction(name, (context: Context, args, kwargs) => {
    if (!args.length) throw typeError(`${wantlist ? '_query_lookup' : '_lookup'}() missing 1 required positional argument: 'name'`);
    if (!context.lookups) throw new TemplateError('lookups are not available here');
    return context.lookups(str(args[0]), args.slice(1), kwargs, wantlist);
  });
}

function createEnvironment(): Environment {
  const env: Environment = { filters: new Map(), tests: new Map(), globals: {} };
  addJinjaFilters(env);
  addAnsibleFilters(env);
  addTests(env);
  env.globals.range = new PyFunction('range', (args) => {
    if (args.length < 1 || args.length > 3) throw typeError(`range expected at most 3 arguments, got ${args.length}`);
    return range(args);
  });
  env.globals.dict = new PyFunction('dict', (args, kwargs) => {
    const out: Record<string, unknown> = {};
    if (args.length) {
      const source = args[0];
      if (isMapping(source)) Object.assign(out, source);
      else for (const pair of iterate(source)) out[str(iterate(pair)[0])] = iterate(pair)[1];
    }
    return Object.assign(out, kwargs);
  });
  env.globals.namespace = new PyFunction('namespace', (args, kwargs) => new Namespace({ ...(isMapping(args[0]) ? args[0] : {}), ...kwargs }));
  env.globals.cycler = new PyFunction('cycler', (args) => new Cycler(args));
  env.globals.joiner = pyFunction('joiner', [['sep', ', ']], (sep: unknown) => {
    const joiner = new Joiner(str(sep));
    return new PyFunction('joiner', () => joiner.call());
  });
  env.globals.lookup = lookupGlobal('lookup', false);
  env.globals.query = lookupGlobal('query', true);
  env.globals.q = lookupGlobal('q', true);
  // Ansible's now(utc=False, fmt=None): datetime.now() or utcnow(), or its strftime text
  env.globals.now = pyFunction('now', [['utc', false], ['fmt', null]], (utc: unknown, fmt: unknown) => {
    const moment = now(truthy(utc));
    return fmt === null || fmt === undefined || fmt === '' ? moment : strftime(str(fmt), moment.fields, true);
  });
  env.globals.undef = pyFunction('undef', [['hint', null]], (hint: unknown) => new Undefined('undef', hint === null ? 'Mandatory variable has not been overridden' : str(hint)));
  return env;
}

export const ANSIBLE_ENVIRONMENT = createEnvironment();
