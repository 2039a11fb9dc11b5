/**
 * The parsed data of large settings files (a platform of thousands of hosts), kept between
 * commands: reading the YAML is most of what `deployer status --from-state` spends on such a
 * file, and V8 reads its own serialization many times faster. An entry is named by the SHA-256 of
 * the file's bytes, so a changed file never meets a stale entry; the data read back is checked
 * like freshly parsed data. Entries live in `$XDG_CACHE_HOME/deployer/settings` (default
 * `~/.cache`), private to the user (the settings may hold secrets), the newest few kept. A cache
 * that cannot be read or written is skipped silently: it only ever saves time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

/** Smaller files parse in a few milliseconds: no entry for them. */
export const CACHED_FROM_BYTES = 256 * 1024;
const KEPT_ENTRIES = 8;

function cacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'deployer', 'settings');
}

/** The data of the file whose bytes have this SHA-256: from the cache, else `parse` (and kept). */
export function cachedData(sha256: string, parse: () => unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  const dir = cacheDir(env);
  const entry = path.join(dir, `${sha256}.v8`);
  try {
    return v8.deserialize(fs.readFileSync(entry));
  } catch {
    // no entry yet, or one that cannot be read: parse
  }
  const data = parse();
  if (data !== undefined) keep(dir, entry, data);
  return data;
}

function keep(dir: string, entry: string, data: unknown): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, v8.serialize(data), { mode: 0o600 });
    fs.renameSync(temporary, entry);
    const entries = fs.readdirSync(dir).filter((name) => name.endsWith('.v8')).map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }));
    for (const old of entries.sort((a, b) => b.at - a.at).slice(KEPT_ENTRIES)) fs.rmSync(path.join(dir, old.name), { force: true });
  } catch {
    // a read-only home, a full disk: the next command parses again
  }
}
