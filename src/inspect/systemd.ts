/**
 * What systemd says of a unit: `systemctl show -p PROPERTIES UNIT...` prints one block of
 * `Name=value` lines per unit, blocks separated by a blank line. A unit that does not exist is a
 * valid answer (`LoadState=not-found`, `MainPID=0`), so one call asks for every component.
 */

/** The properties deployer reads; systemctl prints them in its own order, whatever the order asked. */
export const UNIT_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'MainPID', 'ExecStart', 'WorkingDirectory', 'FragmentPath', 'DropInPaths', 'NeedDaemonReload'];

/** A unit's full name: `app` is `app.service`; a name with its suffix stays as it is. */
export const unitName = (unit: string) => (/\.[a-z]+$/.test(unit) ? unit : `${unit}.service`);

export interface UnitState {
  /** `app.service` */
  id: string;
  /** `loaded`, `not-found`, `masked`, ... */
  loadState: string;
  /** `active`, `inactive`, `failed`, `activating`, `deactivating`, `reloading` */
  activeState: string;
  subState: string;
  /** 0 when no process runs. */
  mainPid: number;
  /** The argv of the first ExecStart= line, as systemd loaded it (empty when none). */
  execStart: string[];
  workingDirectory?: string;
  /** The unit file, and its drop-ins: the files whose change a restart would pick up. */
  fragmentPath?: string;
  dropInPaths: string[];
  /** The unit file changed on disk since systemd read it (`systemctl daemon-reload` pending). */
  needDaemonReload: boolean;
  /** `enabled`, `disabled`, `static`, ... (what `systemctl is-enabled` prints), when asked for. */
  unitFileState?: string;
}

/**
 * `ExecStart={ path=/opt/app-1.0/bin/app ; argv[]=/opt/app-1.0/bin/app --listen x:1 ; ignore_errors=no ; ... }`:
 * the argv of the first command (systemd prints each argument unquoted, separated by one space).
 */
export function parseExecStart(value: string): string[] {
  const argv = /argv\[\]=(.*?) ; (?:ignore_errors|start_time|stop_time|pid|code|status)=/.exec(value) ?? /argv\[\]=(.*?)(?: ;)? \}/.exec(value);
  return argv ? argv[1].split(' ').filter(Boolean) : [];
}

export function parseSystemctlShow(output: string): UnitState[] {
  const units: UnitState[] = [];
  for (const block of output.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      // ExecStart= may hold several `{ ... }` entries on one line: the first is the command that runs
      if (eq > 0 && !fields.has(line.slice(0, eq))) fields.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const id = fields.get('Id');
    if (!id) continue;
    const optional = (name: string) => fields.get(name) || undefined;
    units.push({
      id,
      loadState: fields.get('LoadState') ?? '',
      activeState: fields.get('ActiveState') ?? '',
      subState: fields.get('SubState') ?? '',
      mainPid: Number(fields.get('MainPID') ?? 0) || 0,
      execStart: parseExecStart(fields.get('ExecStart') ?? ''),
      workingDirectory: optional('WorkingDirectory'),
      fragmentPath: optional('FragmentPath'),
      dropInPaths: (fields.get('DropInPaths') ?? '').split(' ').filter(Boolean),
      needDaemonReload: fields.get('NeedDaemonReload') === 'yes',
      unitFileState: optional('UnitFileState'),
    });
  }
  return units;
}
