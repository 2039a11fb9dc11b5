/**
 * A float that Python (and so Ansible) keeps distinct from an integer: `version=2.0` in an
 * inventory renders as `2.0`, not `2`. JavaScript numbers cannot tell 2.0 from 2, so floats with
 * an integral value are boxed; all other numbers stay plain.
 */
export class PyFloat extends Number {
  override toString(): string {
    const value = this.valueOf();
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }
  toJSON(): number {
    return this.valueOf();
  }
}

/** A Python float value: boxed when integral, so it still prints as `N.0`. */
export function pyFloat(value: number): number {
  return (Number.isInteger(value) ? new PyFloat(value) : value) as number;
}

export function isPyFloat(value: unknown): value is PyFloat {
  return value instanceof PyFloat;
}
