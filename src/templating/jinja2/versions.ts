/** Ansible's `version` test with its default `loose` type (distutils' LooseVersion). */
import { TemplateError } from './errors.js';
import { compare, str, truthy } from './values.js';

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

/** LooseVersion's parts: its pattern splits the text (what lies between the matches is a part too), numbers become integers, dots go. */
const looseParts = (version: string) =>
  version
    .split(/(\d+|[a-z]+|\.)/)
    .filter((p) => p && p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export function compareVersions(value: unknown, other: unknown, operator: string): boolean {
  const test = OPERATORS[operator];
  if (!test) throw new TemplateError(`Invalid operator type (${operator})`);
  if (!truthy(value)) throw new TemplateError('Input version value cannot be empty');
  if (!truthy(other)) throw new TemplateError('Version comparison value cannot be empty');
  try {
    return test(compare(looseParts(str(value)), looseParts(str(other))));
  } catch (error) {
    throw new TemplateError(`Version comparison failed: ${(error as Error).message}`);
  }
}
