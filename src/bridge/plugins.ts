/**
 * Filters, tests and lookups deployer does not have, run in the helper by Ansible's own plugins
 * (ansible.builtin's and those of the installed collections: community.general.json_query,
 * ansible.utils.ipaddr, ...) on JSON-able values. A name is asked about once, when a template
 * first uses it; without ansible-core it stays unknown, with the templar's usual error.
 */
import type { Context } from '../templating/jinja2/runtime.js';
import { ANSIBLE_ENVIRONMENT } from '../templating/jinja2/environment.js';
import { FilterError } from '../templating/jinja2/errors.js';
import { setLookupFallback } from '../templating/lookups/registry.js';
import { LookupError, type Lookup } from '../templating/lookups/types.js';
import { toWire } from './wire.js';
import { bridge } from './bridge.js';
import { HelperError } from './client.js';

type Kind = 'filter' | 'test';
type PluginDef = { fn: (value: unknown, args: unknown[], kwargs: Record<string, unknown>, context: Context) => never; lenient?: boolean };

/** A Map of the environment's own plugins that asks Ansible about a name it does not hold. */
class BridgedPlugins<T> extends Map<string, T> {
  constructor(
    own: Map<string, T>,
    private readonly bridged: (name: string) => T | undefined,
  ) {
    super(own);
  }
  override get(name: string): T | undefined {
    const own = super.get(name);
    if (own !== undefined || typeof name !== 'string') return own;
    const found = this.bridged(name);
    if (found !== undefined) super.set(name, found);
    return found;
  }
  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

function bridgedPlugin(kind: Kind, name: string): PluginDef | undefined {
  if (!bridge().hasPlugin(kind, name)) return undefined;
  return {
    fn: (value, args, kwargs) => {
      try {
        return bridge().call('filter', { kind, name, value, args, kwargs }) as never;
      } catch (error) {
        if (error instanceof HelperError) throw new FilterError(error.message);
        throw error;
      }
    },
  };
}

/** The variables a lookup sees, those that have a JSON form (hostvars, which would be every host's, left out). */
function jsonVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (key === 'hostvars') continue;
    try {
      out[key] = JSON.parse(toWire(value) ?? 'null');
    } catch {
      // a value with no JSON form (a broken variable, an object of the engine's)
    }
  }
  return out;
}

function bridgedLookup(name: string): Lookup | undefined {
  if (!bridge().hasPlugin('lookup', name)) return undefined;
  return {
    run(terms, options, context) {
      try {
        return bridge().call('lookup', { name, terms, options, variables: jsonVariables(context.variables), basedir: context.basedir }) as unknown[];
      } catch (error) {
        if (error instanceof HelperError) throw new LookupError(error.message, error.pythonClass === 'ansible.errors.AnsibleLookupError' ? error.pythonClass : 'ansible.errors.AnsibleError');
        throw error;
      }
    },
  };
}

let installed = false;

/** From now on, names the templar does not know are asked of Ansible (the helper starts when one is first met). */
export function installBridgedPlugins(): void {
  if (installed) return;
  installed = true;
  ANSIBLE_ENVIRONMENT.filters = new BridgedPlugins(ANSIBLE_ENVIRONMENT.filters, (name) => bridgedPlugin('filter', name));
  ANSIBLE_ENVIRONMENT.tests = new BridgedPlugins(ANSIBLE_ENVIRONMENT.tests, (name) => bridgedPlugin('test', name) as never);
  setLookupFallback(bridgedLookup);
}
