/**
 * Which release each deployer unit of a host starts: the `X-Deployer-*` lines the deploy playbook
 * writes into /etc/systemd/system/<unit>.service (the component, and the start script it runs)
 * and into that start script (the release and its previous one; a unit written by an earlier
 * deployer names them itself). A command (readable without sudo: both are world-readable) and a
 * pure parser of its output.
 */

export interface ConfiguredRelease {
  unit: string;
  component: string;
  release: string;
  previous?: string;
}

export const RELEASES_COMMAND =
  "for f in /etc/systemd/system/*.service; do [ -f \"$f\" ] && grep -q '^X-Deployer-Component=' \"$f\" && { echo \"unit ${f##*/}\"; grep '^X-Deployer-' \"$f\"; " +
  "s=$(sed -n 's/^X-Deployer-Start=//p' \"$f\"); [ -z \"$s\" ] || sed -n 's/^# \\(X-Deployer-\\)/\\1/p' \"$s\" 2>/dev/null; }; done; true";

export function parseReleases(output: string): ConfiguredRelease[] {
  const units: ConfiguredRelease[] = [];
  let current: ConfiguredRelease | undefined;
  for (const line of output.split('\n')) {
    const unit = /^unit (.+)\.service$/.exec(line);
    if (unit) {
      current = { unit: unit[1], component: '', release: '' };
      units.push(current);
      continue;
    }
    const field = /^X-Deployer-(Component|Release|Previous)=(.*)$/.exec(line);
    if (!field || !current) continue;
    if (field[1] === 'Component') current.component = field[2];
    else if (field[1] === 'Release') current.release = field[2];
    else if (field[2]) current.previous = field[2];
  }
  return units.filter((u) => u.component && u.release);
}
