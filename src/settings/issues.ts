/**
 * What is wrong with a settings file: every problem found, each with its place
 * (`deployment.yml:14:9: components.kafka.clusters.back.hosts[2]: unknown host 'kafka9'`).
 */
import { closest, distance } from 'fastest-levenshtein';
import { DeployerError } from '../errors.js';

export type SettingsPath = (string | number)[];

export interface SettingsIssue {
  path: SettingsPath;
  message: string;
  line?: number;
  column?: number;
  /** Further places that explain this one (the edges of a cycle), each printed on its own line. */
  related?: { message: string; line?: number; column?: number }[];
}

/** `components.kafka.clusters.back.hosts[2]`; keys that are not plain names are quoted (`hosts['zk1.local']`). */
export function formatPath(path: SettingsPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) text += text ? `.${part}` : part;
    else text += `[${JSON.stringify(part).replace(/^"|"$/g, "'")}]`;
  }
  return text;
}

const placeOf = (file: string, at: { line?: number; column?: number }) => (at.line === undefined ? file : `${file}:${at.line}:${at.column ?? 1}`);

export function formatIssue(file: string, issue: SettingsIssue): string {
  const place = placeOf(file, issue);
  const head = issue.path.length ? `${place}: ${formatPath(issue.path)}: ${issue.message}` : `${place}: ${issue.message}`;
  return [head, ...(issue.related ?? []).map((r) => `  ${placeOf(file, r)}: ${r.message}`)].join('\n');
}

/** ` (did you mean 'version'?)` when one of the known words is close to what was written. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const candidates = [...known];
  if (!candidates.length) return '';
  const best = closest(word, candidates);
  // a third of the letters may differ; from four letters on, two (a swapped pair, as in 'kafak')
  const limit = Math.max(word.length >= 4 ? 2 : 1, Math.floor(Math.max(word.length, best.length) / 3));
  return distance(word, best) <= limit ? ` (did you mean '${best}'?)` : '';
}

/** Settings that cannot be used: every issue, sorted by place, one line each. */
export class SettingsError extends DeployerError {
  readonly issues: SettingsIssue[];

  constructor(
    readonly file: string,
    issues: SettingsIssue[],
  ) {
    const sorted = [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const count = sorted.length === 1 ? '1 error' : `${sorted.length} errors`;
    super(`${file}: ${count}, nothing was done:\n${sorted.map((issue) => formatIssue(file, issue)).join('\n')}`);
    this.issues = sorted;
  }
}
