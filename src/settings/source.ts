/**
 * A settings file as text and as a YAML document (JSON is read by the same parser), so that every
 * value can be traced back to its line and column. Syntax errors and duplicate keys are issues,
 * all reported at once.
 */
import type { Document, LineCounter, Node, Pair } from 'yaml';
import { MAX_ALIAS_EXPANSIONS, PYTHON_TAGS, yamlLib } from '../formats/yaml.js';
import type { SettingsIssue, SettingsPath } from './issues.js';

/** Where values stand in the file: lines and columns for the messages. */
export interface Locator {
  /** Line and column (1-based) of the value at a path, or of the key when `key` is set; the nearest ancestor that exists otherwise. */
  locate(path: SettingsPath, key?: boolean): { line?: number; column?: number };
}

export interface SettingsSource extends Locator {
  data: unknown;
  issues: SettingsIssue[];
}

const COLLECTION_KEY = 'a list or mapping cannot be a key';

export function parseSettingsText(text: string): SettingsSource {
  const { LineCounter: Counter, parseDocument } = yamlLib();
  const lineCounter: LineCounter = new Counter();
  const document = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true, lineCounter, customTags: PYTHON_TAGS, prettyErrors: false });
  const at = (offset: number | undefined) => (offset === undefined ? {} : { line: lineCounter.linePos(offset).line, column: lineCounter.linePos(offset).col });
  const issues: SettingsIssue[] = [];
  const seen = new Set<string>();
  for (const error of document.errors) {
    const issue = { path: [], message: `YAML syntax error: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, ...at(error.pos[0]) };
    const key = `${issue.line}:${issue.column}:${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  const locate = (path: SettingsPath, key = false) => at(offsetOf(document, path, key));
  if (issues.length) return { data: undefined, issues, locate };
  duplicateKeys(document.contents, [], issues, at);
  // keys that are lists or mappings have no place in JSON-like data: nothing more to read
  if (issues.some((issue) => issue.message === COLLECTION_KEY)) return { data: undefined, issues, locate };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    issues.push({ path: [], message: `YAML aliases expand more than ${MAX_ALIAS_EXPANSIONS} times (${error.message})`, line: 1, column: 1 });
  }
  return { data, issues, locate };
}

function duplicateKeys(node: unknown, path: SettingsPath, issues: SettingsIssue[], at: (offset?: number) => { line?: number; column?: number }): void {
  const { isMap, isSeq, isScalar, isCollection } = yamlLib();
  if (isMap(node)) {
    const seen = new Map<unknown, Node>();
    for (const pair of node.items as Pair<Node, Node>[]) {
      if (isCollection(pair.key)) {
        issues.push({ path, message: COLLECTION_KEY, ...at(pair.key.range?.[0]) });
        continue;
      }
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      const first = seen.get(key);
      if (first) {
        issues.push({
          path: [...path, String(key)],
          message: `duplicate key '${String(key)}' (first defined at line ${at(first.range?.[0]).line}); a key may appear once`,
          ...at(pair.key?.range?.[0]),
        });
      } else if (pair.key) seen.set(key, pair.key);
      duplicateKeys(pair.value, [...path, String(key)], issues, at);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => duplicateKeys(item, [...path, index], issues, at));
  }
}

/** Where a path points in the document: its value (or key), else the deepest part of it that exists. */
function offsetOf(document: Document.Parsed, path: SettingsPath, key: boolean): number | undefined {
  const { isMap, isSeq, isScalar } = yamlLib();
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const [index, part] of path.entries()) {
    if (isMap(node)) {
      const pair = (node.items as Pair<Node, Node>[]).find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === String(part));
      if (!pair) return offset;
      const last = index === path.length - 1;
      offset = (last && key ? pair.key?.range?.[0] : (pair.value?.range?.[0] ?? pair.key?.range?.[0])) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part];
      offset = (node as Node).range?.[0] ?? offset;
    } else return offset;
  }
  return offset;
}
