/** The permission keys Ansible's stat and find give for a file's mode, in their order. */
export function permissionKeys(mode: number): Record<string, boolean> {
  const has = (bit: number) => (mode & bit) !== 0;
  return {
    wusr: has(0o200),
    rusr: has(0o400),
    xusr: has(0o100),
    wgrp: has(0o020),
    rgrp: has(0o040),
    xgrp: has(0o010),
    woth: has(0o002),
    roth: has(0o004),
    xoth: has(0o001),
    isuid: has(0o4000),
    isgid: has(0o2000),
  };
}
