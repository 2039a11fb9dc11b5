/** Versions as people number them. */

/** Natural order of versions, locale-free: 1.10.0 after 1.9.2. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/(\d+)/).filter(Boolean);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (!(nx && ny) && x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
