/**
 * The facts deployer promises to gather as Ansible's `setup` does, and how two gatherings are
 * compared: values that change from one second to the next (free blocks and inodes of a mount)
 * are left out; everything else must be equal.
 */
export const COMPARED_FACTS = [
  'distribution', 'distribution_version', 'distribution_major_version', 'distribution_minor_version', 'distribution_release', 'os_family',
  'pkg_mgr', 'service_mgr', 'default_ipv4', 'all_ipv4_addresses', 'memtotal_mb',
  'processor_vcpus', 'processor_count', 'processor_cores', 'processor_threads_per_core',
  'env', 'user_id', 'user_uid', 'user_gid', 'user_dir', 'user_shell', 'lsb', 'mounts',
  'hostname', 'fqdn', 'nodename', 'domain', 'architecture', 'kernel', 'kernel_version', 'machine', 'system',
  'python', 'python_version',
] as const;

const LIVE_MOUNT_FIELDS = ['size_available', 'block_available', 'block_used', 'inode_available', 'inode_used'];

/** A fact as compared: mounts by mount point, without their live counters. */
export function comparable(name: string, value: unknown): unknown {
  if (name !== 'mounts' || !Array.isArray(value)) return value;
  return (value as Record<string, unknown>[])
    .map((mount) => Object.fromEntries(Object.entries(mount).filter(([key]) => !LIVE_MOUNT_FIELDS.includes(key))))
    .sort((a, b) => String(a.mount).localeCompare(String(b.mount)));
}
