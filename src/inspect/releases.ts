/**
 * Which release each deployer unit of a host names: the `X-Deployer-*` lines the deploy playbook
 * writes into /etc/systemd/system/<unit>.service. A command (readable without sudo: units are
 * 0644) and a pure parser of its output.
 */

export interface ConfiguredRelease {
  unit: string;
  component: string;
  release: string;
  previous?: string;
}

export const RELEASES_COMMAND =
  "for f in /etc/systemd/system/*.service; do [ -f \"$f\" ] && grep -q '^X-Deployer-Component=' \"$f\" && { echo \"unit ${f##*/}\"; grep '^X-Deployer-' \"$f\"; }; done; true";

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
