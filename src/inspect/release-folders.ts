/**
 * Which release folders a command line points into. A release is `<install_root>/<folder>`; the
 * paths that name it come as arguments (`/data/opt/kafka_2.12-2.8.1/bin/kafka-server-start.sh`),
 * inside options (`-Dzookeeper.log.dir=/data/opt/...`, `--conf=/data/opt/...`) and class paths
 * (`-cp /data/opt/apache-zookeeper-3.5.5-bin/bin/../lib/a.jar:/data/opt/...`), often through
 * `bin/..`, so every path is normalised before it is compared.
 */
import path from 'node:path';

/** The release folders (names under the install root) that command lines point into, in order of first mention. */
export function releaseFoldersIn(commandLines: string[], installRoot: string): string[] {
  const root = path.posix.normalize(`${installRoot}/`).replace(/\/+$/, '');
  const tokens = commandLines.flatMap((line) => line.split(/\s+/)).flatMap((arg) => arg.split(/[=:,]/));
  const folders: string[] = [];
  for (const token of tokens) {
    if (!token.startsWith('/')) continue;
    const normal = path.posix.normalize(token.replace(/^['"]|['"]$/g, ''));
    if (!normal.startsWith(`${root}/`)) continue;
    const folder = normal.slice(root.length + 1).split('/')[0];
    if (folder && !folders.includes(folder)) folders.push(folder);
  }
  return folders;
}
