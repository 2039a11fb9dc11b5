#!/usr/bin/env node
// Starts or stops a local fleet of real sshd hosts on loopback (for the demo and benchmarks).
//   node bin/fleet.js start DIR HOSTS [SUBNET_A]   → prints the inventory path
//   node bin/fleet.js stop DIR
import { startFleet, stopFleet } from '../dist/fleet/fleet.js';

const [action, dir, count, subnet] = process.argv.slice(2);
if (action === 'start' && dir && count) {
  const fleet = await startFleet({
    dir,
    hosts: Number(count),
    subnet: subnet ? [Number(subnet), 0] : undefined,
    groups: JSON.parse(process.env.FLEET_GROUPS ?? '{}'),
  });
  console.log(fleet.inventory);
} else if (action === 'stop' && dir) {
  await stopFleet(dir);
} else {
  console.error('usage: fleet.js start DIR HOSTS [SUBNET_A] | fleet.js stop DIR');
  process.exitCode = 2;
}
