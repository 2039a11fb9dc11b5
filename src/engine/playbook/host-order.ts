/**
 * A play's `order` of its hosts, as Ansible's inventory gives them to a play
 * (InventoryManager.get_hosts): as the pattern selected them, reversed, sorted by name (Python's
 * order of code points), reverse sorted, or shuffled. The batches of `serial` (ansible_play_batch)
 * and the order hosts start their tasks in follow it; ansible_play_hosts and
 * ansible_play_hosts_all keep the pattern's order, as in Ansible 2.14.
 */
import { DeployerError } from '../../errors.js';
import type { Host } from '../../inventory/model.js';

const byName = (a: Host, b: Host) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function shuffled(hosts: Host[]): Host[] {
  const result = [...hosts];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

export function orderedHosts(hosts: Host[], order: string | undefined, where: string): Host[] {
  switch (order ?? 'inventory') {
    case 'inventory':
      return hosts;
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort(byName);
    case 'reverse_sorted':
      return [...hosts].sort(byName).reverse();
    case 'shuffle':
      return shuffled(hosts);
    default:
      throw new DeployerError(`${where}: Invalid 'order' specified for inventory hosts: ${order}`);
  }
}
