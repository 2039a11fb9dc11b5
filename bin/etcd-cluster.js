#!/usr/bin/env node
// Starts or stops a local 3-member etcd cluster on 127.0.N.1-3 (data in /dev/shm), for the demo.
//   node bin/etcd-cluster.js start DIR N   → prints the members' endpoints (HOST:PORT,...)
//   node bin/etcd-cluster.js stop DIR      → ends the members it started (by PID), removes their data
import fs from 'node:fs';
import path from 'node:path';
import { startEtcdCluster } from '../dist/fleet/etcd-cluster.js';

const [action, dir, network] = process.argv.slice(2);
const stateFile = dir && path.join(dir, 'etcd-cluster.json');
if (action === 'start' && dir && network) {
  const cluster = await startEtcdCluster({ network: Number(network) });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(cluster.members));
  console.log(cluster.members.map((m) => m.endpoint).join(','));
} else if (action === 'stop' && dir) {
  if (fs.existsSync(stateFile)) {
    const members = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    for (const member of members) {
      try {
        process.kill(member.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const member of members) fs.rmSync(path.dirname(member.dataDir), { recursive: true, force: true });
    fs.rmSync(stateFile);
  }
} else {
  console.error('usage: etcd-cluster.js start DIR N | etcd-cluster.js stop DIR');
  process.exitCode = 2;
}
