/** The settings' shape and types, checked by ajv against SETTINGS_SCHEMA; each error becomes an issue in the user's words. */
import type { ErrorObject } from 'ajv';
import { didYouMean, type SettingsIssue, type SettingsPath } from './issues.js';
import { AJV_OPTIONS, SETTINGS_SCHEMA } from './schema.js';
import type { Locator } from './source.js';

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// `npm run build` compiles the schema ahead (bin/build-validator.mjs); run from the sources, as in
// tests, it is compiled here when this module loads
const PREBUILT = './settings-validator.js';
const prebuilt = (await import(PREBUILT).then((m: { default: Validate }) => m.default, () => undefined)) as Validate | undefined;

async function compileHere(): Promise<Validate> {
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ ...AJV_OPTIONS });
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  return ajv.compile(SETTINGS_SCHEMA);
}
const validator = prebuilt ?? (await compileHere());

/** How a value reads in a message: `'abc'`, `the number 3.1`, `a list`, ... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `'${value}'`;
  if (typeof value === 'number' || value instanceof Number) return `the number ${value.toString()}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? 'a list' : 'an empty list';
  return Object.keys(value as object).length ? 'a mapping' : 'an empty mapping';
}

export function checkSchema(data: unknown, source: Locator): SettingsIssue[] {
  // ajv sees plain JSON values (boxed floats such as 2.0 become numbers); a host with nothing
  // after its name (`zk1:`) has no variables
  const plain = JSON.parse(JSON.stringify(data ?? null)) as unknown;
  const hosts = (plain as { hosts?: unknown } | null)?.hosts;
  if (hosts && typeof hosts === 'object' && !Array.isArray(hosts)) {
    for (const [name, vars] of Object.entries(hosts)) if (vars === null) (hosts as Record<string, unknown>)[name] = {};
  }
  if (validator(plain)) return [];
  const errors = validator.errors ?? [];
  const branches = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath.replace(/\/anyOf$/, '/anyOf/'));
  const issues: SettingsIssue[] = [];
  for (const error of errors) {
    if (error.keyword === 'propertyNames' || error.keyword === 'if') continue;
    if (branches.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const issue = toIssue(error, pathOf(error.instancePath, plain), source);
    if (issue) issues.push(issue);
  }
  return issues;
}

function pathOf(pointer: string, data: unknown): SettingsPath {
  const path: SettingsPath = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(node) && /^\d+$/.test(part) ? Number(part) : part;
    path.push(index);
    node = (node as Record<string | number, unknown> | undefined)?.[index];
  }
  return path;
}

function toIssue(error: ErrorObject, path: SettingsPath, source: Locator): SettingsIssue | undefined {
  const expected = (error.parentSchema as { expected?: string } | undefined)?.expected ?? 'something else';
  const params = error.params as Record<string, unknown>;
  const at = (p: SettingsPath, key = false) => ({ path: p, ...source.locate(p, key) });
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return { ...at([...path, key], true), message: `unknown key '${key}'${didYouMean(key, known)}; expected one of ${known.join(', ')}` };
    }
    case 'required':
      return { ...at(path, true), message: `missing required key '${String(params.missingProperty)}'` };
    case 'pattern':
      if (params.propertyName !== undefined || error.propertyName !== undefined) {
        const name = String(error.propertyName ?? params.propertyName);
        return { ...at([...path, name], true), message: `'${name}' is not ${expected}` };
      }
      return { ...at(path), message: `expected ${expected}, got ${describeValue(error.data)}` };
    case 'maxProperties':
      return { ...at(path), message: `expected ${expected}, not several` };
    default:
      return { ...at(path), message: `expected ${expected}, got ${describeValue(error.data)}` };
  }
}
