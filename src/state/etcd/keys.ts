/**
 * Where a platform's state lives in etcd, under its prefix (`etcd://…/PREFIX`):
 *
 *   /PREFIX/lock                                   the deploy lock (JSON, on a lease)
 *   /PREFIX/audit/<begin time>_<run>/<seq>         one audit line each
 *   /PREFIX/journal/<start time>_<run>/head        a journal record without its hosts…
 *   /PREFIX/journal/<start time>_<run>/part/<n>    …which are split over parts (etcd's request limit)
 *   /PREFIX/fleet/desired/<component>              the version a deploy wanted
 *   /PREFIX/fleet/hosts/<host>/<component>/staging a release prepared on the host, not running
 *   /PREFIX/fleet/hosts/<host>/<component>/current what was last seen running there
 *
 * Times are ISO 8601 UTC, so keys sort oldest first.
 */
export class EtcdKeys {
  readonly root: string;

  constructor(prefix: string) {
    this.root = `/${prefix}/`;
  }

  get lock() {
    return `${this.root}lock`;
  }

  get audit() {
    return `${this.root}audit/`;
  }

  auditLine(begin: string, run: string, seq: number) {
    return `${this.audit}${begin}_${run}/${String(seq).padStart(6, '0')}`;
  }

  get journal() {
    return `${this.root}journal/`;
  }

  journalRecord(started: string, run: string) {
    return `${this.journal}${started}_${run}/`;
  }

  get fleet() {
    return `${this.root}fleet/`;
  }

  desired(component: string) {
    return `${this.fleet}desired/${component}`;
  }

  hostRecord(host: string, component: string, kind: 'staging' | 'current') {
    return `${this.fleet}hosts/${host}/${component}/${kind}`;
  }
}

/** The end of a range that holds every key starting with `prefix`. */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  end[end.length - 1]++;
  return end;
}
