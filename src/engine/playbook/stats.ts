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

export class RunStats {
  readonly hosts = new Map<string, HostStats>();

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

  /** ansible-playbook's exit code: 4 when a host was unreachable, 2 when one failed, else 0. */
  exitCode(): number {
    const all = [...this.hosts.values()];
    if (all.some((s) => s.unreachable > 0)) return 4;
    if (all.some((s) => s.failed > 0)) return 2;
    return 0;
  }
}
