/**
 * The quick way to read a settings file: js-yaml, several times faster than the yaml package on
 * large files, with the same PyYAML scalar rules (they are the same resolver functions). It gives
 * data only, no places: settings with any problem, and any file with an alias, a tag js-yaml
 * does not know or a duplicate key, are read again by `parseSettingsText`, which places every
 * issue and guards alias expansion.
 */
import { defineScalarTag, load, mapTag, mergeTag, NOT_RESOLVED, Schema, seqTag, strTag } from 'js-yaml';
import { PYYAML_SCALARS } from '../formats/yaml.js';

const schema = new Schema([
  strTag,
  seqTag,
  mapTag,
  ...PYYAML_SCALARS.map((scalar) =>
    defineScalarTag(scalar.tag, {
      implicit: true,
      resolve: (text: string) => (scalar.test!.test(text) ? (scalar.resolve as (text: string) => unknown)(text) : NOT_RESOLVED),
      identify: () => false,
    }),
  ),
  mergeTag,
]);

/** The settings data, or undefined when this file needs the careful reader. */
export function quickLoad(text: string): unknown {
  try {
    // no aliases at all: their expansion is only guarded on the careful path
    return load(text, { schema, maxAliases: 0 });
  } catch {
    return undefined;
  }
}
