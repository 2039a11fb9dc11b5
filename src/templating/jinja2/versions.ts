/** Ansible's `version` test with its default `loose` type (distutils' LooseVersion). */
import { TemplateError } from './errors.js';
import { compare } from './values.js';

const OPERATORS: Record<string, (order: number) => boolean> = {
  '==': (o) => o === 0,
  '=': (o) => o === 0,
  eq: (o) => o === 0,
  '<': (o) => o < 0,
  lt: (o) => o < 0,
  '<=': (o) => o <= 0,
  le: (o) => o <= 0,
  '>': (o) => o > 0,
  gt: (o) => o > 0,
  '>=': (o) => o >= 0,
  ge: (o) => o >= 0,
  '!=': (o) => o !== 0,
  '<>': (o) => o !== 0,
  ne: (o) => o !== 0,
};

/** LooseVersion's parts: numbers as integers, letter runs as strings, dots dropped. */
const looseParts = (version: string) => (version.match(/\d+|[a-z]+|\./gi) ?? []).filter((p) => p !== '.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export function compareVersions(value: string, other: string, operator: string): boolean {
  const test = OPERATORS[operator];
  if (!test) throw new TemplateError(`Invalid operator type (${operator})`);
  if (!value) throw new TemplateError('Version value cannot be empty');
  if (!other) throw new TemplateError('Version comparison value cannot be empty');
  return test(compare(looseParts(value), looseParts(other)));
}
