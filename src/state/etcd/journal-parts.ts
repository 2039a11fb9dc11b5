/**
 * A journal record as etcd keys: a run over thousands of hosts is bigger than one etcd request
 * may be (1.5 MiB), so its hosts go into parts of at most PART_BYTES and the rest into a head that
 * says how many parts there are. The head is written last: a reader that finds it finds every
 * part, and a record whose writer died half-way has no head and is not shown.
 */
import type { JournalRecord } from '../journal.js';

export const PART_BYTES = 64 * 1024;

type Head = Omit<JournalRecord, 'components' | 'hosts'> & { parts: number };
interface Part {
  components?: JournalRecord['components'];
  hosts?: JournalRecord['hosts'];
}

export function splitRecord(record: JournalRecord): { head: string; parts: string[] } {
  const { components, hosts, ...rest } = record;
  const parts: Part[] = [];
  let current: Part = {};
  let size = 0;
  const add = (bytes: number, place: (part: Part) => void) => {
    if (size && size + bytes > PART_BYTES) {
      parts.push(current);
      current = {};
      size = 0;
    }
    place(current);
    size += bytes;
  };
  for (const [component, byHost] of Object.entries(components)) {
    if (!Object.keys(byHost).length) add(component.length + 8, (part) => ((part.components ??= {})[component] ??= {}));
    for (const [host, releases] of Object.entries(byHost)) {
      add(host.length + JSON.stringify(releases).length + 8, (part) => (((part.components ??= {})[component] ??= {})[host] = releases));
    }
  }
  for (const [host, outcome] of Object.entries(hosts)) add(host.length + JSON.stringify(outcome).length + 8, (part) => ((part.hosts ??= {})[host] = outcome));
  if (size) parts.push(current);
  const head: Head = { ...rest, parts: parts.length };
  return { head: JSON.stringify(head), parts: parts.map((p) => JSON.stringify(p)) };
}

/** The record from its head and parts, or undefined when a part is missing or is not JSON. */
export function joinRecord(head: string, parts: Map<number, string>): JournalRecord | undefined {
  try {
    const { parts: count, ...rest } = JSON.parse(head) as Head;
    const record: JournalRecord = { ...rest, components: {}, hosts: {} };
    for (let n = 0; n < count; n++) {
      const text = parts.get(n);
      if (text === undefined) return undefined;
      const part = JSON.parse(text) as Part;
      for (const [component, byHost] of Object.entries(part.components ?? {})) Object.assign((record.components[component] ??= {}), byHost);
      Object.assign(record.hosts, part.hosts ?? {});
    }
    return typeof record.started === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}
