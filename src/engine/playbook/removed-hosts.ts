/**
 * The hosts a play has removed (Ansible's play._removed_hosts): failed and not rescued,
 * unreachable, or ended by `meta: end_host`; hosts that failed or were unreachable in earlier
 * plays are removed from the start. ansible_play_hosts and ansible_play_batch leave them out.
 */
export class RemovedHosts {
  private readonly names = new Set<string>();
  /** Each list without the removed names, kept while nothing changes (tasks read them on every host). */
  private readonly kept = new Map<readonly string[], string[]>();

  add(name: string): void {
    if (this.names.has(name)) return;
    this.names.add(name);
    this.kept.clear();
  }

  delete(name: string): void {
    if (this.names.delete(name)) this.kept.clear();
  }

  without(list: readonly string[]): string[] {
    let left = this.kept.get(list);
    if (!left) {
      left = list.filter((name) => !this.names.has(name));
      this.kept.set(list, left);
    }
    return left;
  }
}
