#!/usr/bin/env node
// A live writer and sampler on a ZooKeeper ensemble until SIGTERM or SIGINT, then one line of
// what they saw (bin/demo.sh runs it while deployer rolls the ensemble):
//   node bin/zk-load.js HOST:PORT[,HOST:PORT...]
import { quorumGaps, sampleEnsemble, startWriter } from '../dist/fleet/zookeeper-load.js';

const connect = process.argv[2];
const servers = connect.split(',').map((s) => ({ address: s.slice(0, s.lastIndexOf(':')), port: Number(s.slice(s.lastIndexOf(':') + 1)) }));
const writer = await startWriter(connect);
const sampler = sampleEnsemble(servers);
await new Promise((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
const samples = await sampler.stop();
const written = await writer.stop();
const stored = await writer.readBack();
writer.close();
const lost = written.acknowledged.filter((n) => !stored.has(n)).length;
const mostDown = Math.max(0, ...samples.map((s) => s.modes.filter((m) => m === 'down').length));
const elections = quorumGaps(samples, Math.floor(servers.length / 2) + 1).length;
console.log(`writer: ${written.acknowledged.length} writes acknowledged, ${lost} lost, longest time without a write ${written.longestGapMs} ms; sampler: at most ${mostDown} server(s) down at once, ${elections} time(s) without a quorum`);
