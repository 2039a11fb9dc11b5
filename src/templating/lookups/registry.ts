/** The lookups deployer runs, by name: ansible.builtin's controller-side ones (short, `ansible.builtin.` or `ansible.legacy.` names). */
import { config } from './config.js';
import { csvfile } from './csvfile.js';
import { dict } from './dict.js';
import { env } from './env.js';
import { file } from './file.js';
import { fileglob } from './fileglob.js';
import { firstFound } from './first-found.js';
import { flattened } from './flattened.js';
import { indexedItems } from './indexed-items.js';
import { ini } from './ini.js';
import { inventoryHostnames } from './inventory-hostnames.js';
import { items } from './items.js';
import { lines } from './lines.js';
import { list } from './list.js';
import { nested } from './nested.js';
import { password } from './password.js';
import { pipe } from './pipe.js';
import { randomChoice } from './random-choice.js';
import { sequence } from './sequence.js';
import { subelements } from './subelements.js';
import { template } from './template.js';
import { together } from './together.js';
import type { Lookup } from './types.js';
import { vars } from './vars.js';
import { varnames } from './varnames.js';

const BUILTIN: Record<string, Lookup> = {
  config,
  csvfile,
  dict,
  env,
  file,
  fileglob,
  first_found: firstFound,
  indexed_items: indexedItems,
  ini,
  inventory_hostnames: inventoryHostnames,
  items,
  lines,
  list,
  nested,
  password,
  pipe,
  random_choice: randomChoice,
  sequence,
  subelements,
  template,
  together,
  vars,
  varnames,
};

/** Where a lookup deployer lacks is looked for (Ansible's own, through the bridge), once set. */
let fallback: ((name: string) => Lookup | undefined) | undefined;

export function setLookupFallback(find: (name: string) => Lookup | undefined): void {
  fallback = find;
}

export function findLookup(name: string): Lookup | undefined {
  if (name === 'flattened' || name === 'community.general.flattened') return flattened;
  const short = name.replace(/^ansible\.(builtin|legacy)\./, '');
  return Object.prototype.hasOwnProperty.call(BUILTIN, short) ? BUILTIN[short] : fallback?.(name);
}
