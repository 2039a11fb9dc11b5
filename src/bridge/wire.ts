/**
 * Values between deployer and the helper, as JSON: Python floats with an integral value (`2.0`),
 * which JavaScript numbers cannot tell from integers, travel tagged both ways; values that have no
 * JSON form (Jinja objects, functions, undefined) are left out.
 */
import { isPyFloat, pyFloat } from '../formats/py-float.js';

const FLOAT_TAG = '__deployer_float__';

export function toWire(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key: string, raw: unknown) {
    // JSON.stringify calls a PyFloat's toJSON before the replacer: look at the holder's own value
    const original = _key === '' ? value : (this as Record<string, unknown>)[_key];
    if (isPyFloat(original)) return { [FLOAT_TAG]: original.valueOf() };
    if (typeof raw === 'function' || raw === undefined) return undefined;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && typeof (raw as { pythonType?: unknown }).pythonType === 'string') return undefined;
    return raw;
  });
}

export function fromWire(text: string): unknown {
  return JSON.parse(text, (_key, raw: unknown) => {
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const keys = Object.keys(raw);
      if (keys.length === 1 && keys[0] === FLOAT_TAG) return pyFloat(Number((raw as Record<string, unknown>)[FLOAT_TAG]));
    }
    return raw;
  });
}
