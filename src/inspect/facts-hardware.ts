/** The hardware subset from the facts command's sections: memory, processors, mounts (Ansible's hardware/linux.py). */

const mb = (kb: number) => Math.floor(kb / 1024);

/** memtotal_mb and its kin, and the memory_mb dictionary (real, nocache, swap), as Ansible's get_memory_facts computes them from /proc/meminfo. */
export function memoryFacts(lines: string[]): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  const stats: Record<string, number> = {};
  for (const line of lines) {
    const match = /^(MemTotal|MemFree|SwapTotal|SwapFree|Buffers|Cached|SwapCached):\s*(\d+)/.exec(line);
    if (!match) continue;
    stats[match[1]!.toLowerCase()] = mb(Number(match[2]));
    if (!['Buffers', 'Cached', 'SwapCached'].includes(match[1]!)) facts[`${match[1]!.toLowerCase()}_mb`] = mb(Number(match[2]));
  }
  if (!Object.keys(stats).length) return facts;
  const minus = (a?: number, b?: number) => (a === undefined || b === undefined ? null : a - b);
  const nocacheFree = stats.cached === undefined || stats.memfree === undefined || stats.buffers === undefined ? undefined : stats.cached + stats.memfree + stats.buffers;
  facts.memory_mb = {
    real: { total: stats.memtotal ?? null, used: minus(stats.memtotal, stats.memfree), free: stats.memfree ?? null },
    nocache: { free: nocacheFree ?? null, used: minus(stats.memtotal, nocacheFree) },
    swap: { total: stats.swaptotal ?? null, free: stats.swapfree ?? null, used: minus(stats.swaptotal, stats.swapfree), cached: stats.swapcached ?? null },
  };
  return facts;
}

/** Ansible's counting: sockets from `physical id`, cores per socket, threads per core from `siblings`. */
export function processorFacts(lines: string[], architecture: string): Record<string, unknown> {
  const processor: string[] = [];
  let listed = 0;
  let vendorIds = 0;
  let modelNames = 0;
  let processors = 0;
  let physicalId = '0';
  let coreId = '0';
  const sockets = new Map<string, number>();
  const cores = new Map<string, number>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor'].includes(key)) {
      processor.push(value);
      if (key === 'vendor_id') vendorIds++;
      if (key === 'model name') modelNames++;
      if (key === 'processor') processors++;
      listed++;
    } else if (key === 'physical id') {
      physicalId = value;
      if (!sockets.has(value)) sockets.set(value, 1);
    } else if (key === 'core id') {
      coreId = value;
      if (!sockets.has(value)) cores.set(value, 1);
    } else if (key === 'cpu cores') sockets.set(physicalId, Number(value));
    else if (key === 'siblings') cores.set(coreId, Number(value));
    else if (key === 'ncpus active') listed = Number(value);
  }
  if (vendorIds > 0 && vendorIds === modelNames) listed = vendorIds;
  if (/^(armv|aarch|ppc)/.test(architecture)) listed = processors;
  const count = sockets.size || listed;
  const perSocket = [...sockets.values()][0] || 1;
  const siblings = [...cores.values()][0];
  const threadsPerCore = Math.floor((siblings ?? 1) / perSocket);
  return {
    processor,
    processor_count: count,
    processor_cores: perSocket,
    processor_threads_per_core: threadsPerCore,
    processor_vcpus: threadsPerCore * count * perSocket,
  };
}

export interface MountSections {
  mtab: string[];
  bindMounts: string[];
  uuids: string[];
  statvfs: string[];
}

const unescapeOctal = (value: string) => value.replace(/\\[0-9]{3}/g, (escape) => String.fromCharCode(parseInt(escape.slice(1), 8)));

/** ansible_mounts: the mtab's device-backed mounts with their statvfs sizes and lsblk's UUIDs. */
export function mountFacts(sections: MountSections): Record<string, unknown>[] {
  const uuids = new Map<string, string>();
  for (const line of sections.uuids) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 2 && !uuids.has(fields.slice(0, -1).join(' '))) uuids.set(fields.slice(0, -1).join(' '), fields.at(-1)!);
  }
  const sizes = new Map<string, number[]>();
  for (const line of sections.statvfs) {
    const fields = line.trim().split(' ');
    if (fields.length < 7) continue;
    sizes.set(fields.slice(0, -6).join(' '), fields.slice(-6).map(Number));
  }
  const mounts: Record<string, unknown>[] = [];
  for (const line of sections.mtab) {
    const fields = line.split(/\s+/).filter(Boolean).map(unescapeOctal);
    if (fields.length < 4) continue;
    const [device, mount, fstype, options] = fields as [string, string, string, string];
    if ((!device.startsWith('/') && !device.startsWith('\\') && !device.includes(':/')) || fstype === 'none') continue;
    // Ansible's check for an existing "bind" option never matches: a bind mount always gets ",bind"
    const info: Record<string, unknown> = { mount, device, fstype, options: sections.bindMounts.includes(mount) ? `${options},bind` : options };
    const size = sizes.get(mount);
    if (size) {
      const [bsize, frsize, blocks, bavail, files, ffree] = size as [number, number, number, number, number, number];
      Object.assign(info, {
        size_total: frsize * blocks,
        size_available: frsize * bavail,
        block_size: bsize,
        block_total: blocks,
        block_available: bavail,
        block_used: blocks - bavail,
        inode_total: files,
        inode_available: ffree,
        inode_used: files - ffree,
      });
    }
    info.uuid = uuids.get(device) || 'N/A';
    mounts.push(info);
  }
  return mounts;
}
