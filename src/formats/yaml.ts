/**
 * YAML as Ansible reads it: PyYAML's YAML 1.1 resolvers (`yes`/`on` are booleans but `y` is not,
 * `0777` is octal, `1:30` is sexagesimal, `1e3` is a string), duplicate keys warned about and the
 * last one kept, and syntax errors reported as `file:line: message`.
 */
import { createRequire } from 'node:module';
import type { Document, Node, ScalarTag, SchemaOptions } from 'yaml';
import { ParseError } from '../errors.js';
import { isPyFloat, pyFloat } from './py-float.js';

type Tags = Extract<NonNullable<SchemaOptions['customTags']>, unknown[]>;

const require = createRequire(import.meta.url);
let library: typeof import('yaml') | undefined;
let utilities: typeof import('yaml/util') | undefined;

/** The yaml library, loaded on first use: INI-only runs start faster without it. */
export function yamlLib(): typeof import('yaml') {
  library ??= require('yaml') as typeof import('yaml');
  return library;
}

const stringifyNumber: ScalarTag['stringify'] = (node) => {
  utilities ??= require('yaml/util') as typeof import('yaml/util');
  return utilities.stringifyNumber(node);
};

const tag = (name: string) => `tag:yaml.org,2002:${name}`;

const pyBool: ScalarTag = {
  tag: tag('bool'),
  default: true,
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (text) => /^(?:yes|true|on)$/i.test(text),
  identify: (value) => typeof value === 'boolean',
};

const pyNull: ScalarTag = {
  tag: tag('null'),
  default: true,
  test: /^(?:~|null|Null|NULL|)$/,
  resolve: () => null,
  identify: (value) => value === null,
};

function sexagesimal(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

const pyInt: ScalarTag = {
  tag: tag('int'),
  default: true,
  test: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  resolve: (text) => {
    let value = text.replace(/_/g, '');
    let sign = 1;
    if (value[0] === '-' || value[0] === '+') {
      if (value[0] === '-') sign = -1;
      value = value.slice(1);
    }
    if (value === '0') return 0;
    if (value.startsWith('0b')) return sign * parseInt(value.slice(2), 2);
    if (value.startsWith('0x')) return sign * parseInt(value.slice(2), 16);
    if (value.startsWith('0')) return sign * parseInt(value, 8);
    if (value.includes(':')) return sign * sexagesimal(value);
    return sign * Number(value);
  },
  identify: (value) => typeof value === 'number' && Number.isInteger(value),
  stringify: stringifyNumber,
};

const pyFloat_: ScalarTag = {
  tag: tag('float'),
  default: true,
  test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  resolve: (text) => {
    let value = text.replace(/_/g, '').toLowerCase();
    let sign = 1;
    if (value[0] === '-' || value[0] === '+') {
      if (value[0] === '-') sign = -1;
      value = value.slice(1);
    }
    if (value === '.inf') return sign * Infinity;
    if (value === '.nan') return NaN;
    if (value.includes(':')) return pyFloat(sign * sexagesimal(value));
    return pyFloat(sign * Number(value));
  },
  identify: (value) => typeof value === 'number' && !Number.isInteger(value),
  stringify: stringifyNumber,
};

const DROPPED = new Set([tag('bool'), tag('null'), tag('int'), tag('float'), tag('timestamp')]);

/** PyYAML's implicit scalar types (null, bool, int, float), also used to teach them to js-yaml. */
export const PYYAML_SCALARS: ScalarTag[] = [pyNull, pyBool, pyInt, pyFloat_];

/** PyYAML's YAML 1.1 scalar types, for the yaml package's customTags. */
export const PYTHON_TAGS = (tags: Tags): Tags => [
  ...tags.filter((t) => typeof t === 'string' || !DROPPED.has(t.tag)),
  pyNull,
  pyBool,
  pyInt,
  pyFloat_,
];

/**
 * YAML text that PyYAML reads back to the same values (`'yes'` stays quoted, `2.0` stays a float).
 * `flowLeaves`: collections of scalars in flow style, as PyYAML's default_flow_style=None (to_yaml).
 */
export function toYaml(value: unknown, options: { flowLeaves?: boolean; sortKeys?: boolean; indent?: number; pyyamlSequences?: boolean } = {}): string {
  const { Document, visit, isCollection, isScalar } = yamlLib();
  const document = new Document(withFloatScalars(value), { version: '1.1', customTags: PYTHON_TAGS, ...(options.sortKeys ? { sortMapEntries: true } : {}) });
  if (options.flowLeaves) {
    visit(document, {
      Collection(_, node) {
        const items = node.items.map((item) => (isCollection(item) || isScalar(item) ? item : (item as { value: unknown }).value));
        if (items.every((item) => !isCollection(item))) node.flow = true;
      },
    });
  }
  // (PyYAML writes a mapping's block sequence at the key's own indentation)
  return document.toString({ lineWidth: 0, flowCollectionPadding: false, ...(options.indent ? { indent: options.indent } : {}), ...(options.pyyamlSequences ? { indentSeq: false, singleQuote: true } : {}) });
}

/** Integral Python floats become scalars that print one decimal (`2.0`). */
function withFloatScalars(value: unknown): unknown {
  if (isPyFloat(value)) {
    const scalar = new (yamlLib().Scalar)(value.valueOf());
    scalar.minFractionDigits = 1;
    return scalar;
  }
  if (Array.isArray(value)) return value.map(withFloatScalars);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFloatScalars(v)]));
  }
  return value;
}

export interface LoadedYaml {
  file: string;
  document: Document.Parsed;
  /** 1-based line of a node, for messages that point into the file. */
  lineOf(node: Node | null | undefined): number | undefined;
  warnings: string[];
}

export function parseYaml(text: string, file: string): LoadedYaml {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    merge: true,
    lineCounter,
    customTags: PYTHON_TAGS,
  });
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // the parser recurses per level: a very deep file ends its stack, which is no syntax error
    if (/Maximum call stack size exceeded/.test(message)) throw new ParseError({ file, line }, 'YAML nested too deeply to read (hundreds of levels)');
    throw new ParseError({ file, line }, `YAML syntax error: ${message}`);
  }
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const warnings: string[] = [];
  collectDuplicateKeys(document.contents, file, lineOf, warnings);
  return { file, document, lineOf, warnings };
}

function collectDuplicateKeys(
  node: unknown,
  file: string,
  lineOf: (node: Node | null | undefined) => number | undefined,
  warnings: string[],
): void {
  const { isMap, isScalar, isCollection } = yamlLib();
  if (isMap(node)) {
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      // as PyYAML: a list or mapping cannot be a key
      if (isCollection(pair.key)) throw new ParseError({ file, line: lineOf(pair.key as Node) }, 'YAML error: found unhashable key (a list or mapping used as a key)');
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (seen.has(key)) {
        warnings.push(
          `While constructing a mapping in ${file}, line ${lineOf(pair.key as Node)}: found a duplicate dict key (${String(key)}). Using last defined value only.`,
        );
      }
      seen.add(key);
      collectDuplicateKeys(pair.value, file, lineOf, warnings);
    }
  } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
    for (const item of (node as { items: unknown[] }).items) collectDuplicateKeys(item, file, lineOf, warnings);
  }
}

/**
 * How many times one file's YAML aliases may be expanded, nested expansions multiplied: far more
 * than any real inventory or playbook uses, and a "billion laughs" file is refused at once instead
 * of growing to gigabytes (Ansible has no such limit).
 */
export const MAX_ALIAS_EXPANSIONS = 10_000;

/** `node.toJS()` with the alias guard; an excessive expansion is an error naming the file and line. */
function toJs(loaded: LoadedYaml, node: Node | Document.Parsed): unknown {
  try {
    return yamlLib().isDocument(node) ? node.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) : node.toJS(loaded.document, { maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    // the yaml package reports bad merges and excessive aliases as plain errors
    if (!(error instanceof Error)) throw error;
    const line = yamlLib().isDocument(node) ? undefined : loaded.lineOf(node);
    const detail = error instanceof ReferenceError ? `YAML aliases expand more than ${MAX_ALIAS_EXPANSIONS} times (${error.message})` : `YAML error: ${error.message}`;
    throw new ParseError({ file: loaded.file, line }, detail);
  }
}

/** The plain data of a YAML node (anchors resolved, merge keys applied). */
export function toData(loaded: LoadedYaml, node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (yamlLib().isNode(node)) return toJs(loaded, node as Node);
  return node;
}

/** A vars file: JSON when it parses as JSON (Ansible tries JSON first), YAML otherwise. */
export function loadDataFile(text: string, file: string): { data: unknown; warnings: string[] } {
  try {
    return { data: JSON.parse(text), warnings: [] };
  } catch {
    const loaded = parseYaml(text, file);
    return { data: toJs(loaded, loaded.document), warnings: loaded.warnings };
  }
}
