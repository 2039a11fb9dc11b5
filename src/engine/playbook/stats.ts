import { mergeHash } from '../../inventory/vars.js';

const isDictionary = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Python's isinstance(new, type(old)) for JSON values (a bool is an int in Python, not the other way round). */
function sameKind(old: unknown, value: unknown): boolean {
  if (isDictionary(old)) return isDictionary(value);
  if (Array.isArray(old)) return Array.isArray(value);
  if (typeof old === 'boolean') return typeof value === 'boolean';
  if (typeof old === 'number') return typeof value === 'number' && (Number.isInteger(old) ? Number.isInteger(value) : true);
  return typeof old === typeof value && old !== null && value !== null;
}

/** Per-host counters of a playbook run, as in Ansible's PLAY RECAP. */
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

/** Where set_stats keeps what is not per host (Ansible's `_run`). */
export const RUN_STATS = '_run';

export class RunStats {
  readonly hosts = new Map<string, HostStats>();
  /** set_stats's data, per host or for the whole run (RUN_STATS), as Ansible's AggregateStats.custom. */
  readonly custom = new Map<string, Record<string, unknown>>();

  private of(host: string): HostStats {
    let stats = this.hosts.get(host);
    if (!stats) {
      stats = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
      this.hosts.set(host, stats);
    }
    return stats;
  }

  increment(host: string, what: keyof HostStats): void {
    this.of(host)[what]++;
  }

  setCustom(key: string, value: unknown, host = RUN_STATS): void {
    const own = this.custom.get(host);
    if (own) own[key] = value;
    else this.custom.set(host, { [key]: value });
  }

  /** Adds to a value already there, as Ansible: dictionaries merged, numbers, texts and lists added; another type is ignored. */
  updateCustom(key: string, value: unknown, host = RUN_STATS): void {
    const own = this.custom.get(host);
    if (!own || !(key in own)) return this.setCustom(key, value, host);
    const old = own[key];
    if (sameKind(old, value) === false) return;
    if (isDictionary(old)) own[key] = mergeHash(old, value as Record<string, unknown>);
    else if (Array.isArray(old)) own[key] = [...old, ...(value as unknown[])];
    else if (typeof old === 'boolean') own[key] = Number(old) + Number(value);
    else if (typeof old === 'number' || typeof old === 'string') own[key] = (old as number) + (value as number);
  }
}
