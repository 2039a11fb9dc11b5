#!/usr/bin/env node
// Starts or stops a local fleet of real sshd hosts on loopback (for the demo and benchmarks).
//   node bin/fleet.js start DIR HOSTS [SUBNET_A] [--own-process-table]   → prints the inventory path
//   node bin/fleet.js stop DIR
// --own-process-table: one sshd per host, each in its own PID namespace (benchmarks of process facts)
import { startFleet, stopFleet } from '../dist/fleet/fleet.js';

const args = process.argv.slice(2);
const ownProcessTable = args.includes('--own-process-table');
const [action, dir, count, subnet] = args.filter((a) => !a.startsWith('--'));
if (action === 'start' && dir && count) {
  const fleet = await startFleet({
    dir,
    hosts: Number(count),
    subnet: subnet ? [Number(subnet), 0] : undefined,
    groups: JSON.parse(process.env.FLEET_GROUPS ?? '{}'),
    ownProcessTable,
  });
  console.log(fleet.inventory);
} else if (action === 'stop' && dir) {
  await stopFleet(dir);
} else {
  console.error('usage: fleet.js start DIR HOSTS [SUBNET_A] [--own-process-table] | fleet.js stop DIR');
  process.exitCode = 2;
}
