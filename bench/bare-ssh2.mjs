// The floor: a bare loop of ssh2 connections, all at once, each running one command.
// Usage: node bench/bare-ssh2.mjs FLEET_DIR "COMMAND"
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';

const [dir, command] = process.argv.slice(2);
const fleet = JSON.parse(fs.readFileSync(path.join(dir, 'fleet.json'), 'utf8'));
const privateKey = fs.readFileSync(fleet.clientKey);
let failures = 0;
await Promise.all(
  fleet.hosts.map(
    (host) =>
      new Promise((resolve) => {
        const client = new ssh2.Client();
        client
          .on('ready', () =>
            client.exec(command, (error, stream) => {
              if (error) {
                failures++;
                client.end();
                return resolve();
              }
              stream.on('data', () => {}).stderr.on('data', () => {});
              stream.on('close', () => {
                client.end();
                resolve();
              });
            }),
          )
          .on('error', () => {
            failures++;
            resolve();
          })
          .connect({ host: host.address, port: host.port, username: fleet.user, privateKey, readyTimeout: 60000 });
      }),
  ),
);
if (failures) {
  console.error(`${failures} hosts failed`);
  process.exitCode = 1;
}
