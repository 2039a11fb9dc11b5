/** The network subset from the facts command's sections: default_ipv4 and all_ipv4_addresses (Ansible's network/linux.py). */

const INTERFACE_TYPES: Record<string, string> = { '1': 'ether', '32': 'infiniband', '512': 'ppp', '772': 'loopback', '65534': 'tunnel', bridge: 'bridge', bonding: 'bonding' };

interface Address {
  device: string;
  address: string;
  prefix: string;
  broadcast: string;
  label: string;
}

export interface NetworkSections {
  route4: string[];
  interfaces: string[];
  ipv4Primary: string[];
  ipv4Secondary: string[];
}

const dotted = (bits: number) => [24, 16, 8, 0].map((shift) => (bits >>> shift) & 255).join('.');

/** `ip -o -4 addr show` lines: `4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\  valid_lft ...`. */
function parseAddresses(lines: string[]): Address[] {
  return lines.flatMap((line) => {
    const words = line.split('\\')[0]!.trim().split(/\s+/);
    const inet = words.indexOf('inet');
    if (inet < 0 || !words[inet + 1]) return [];
    const [address, prefix = '32'] = words[inet + 1]!.split('/') as [string, string?];
    const brd = words.indexOf('brd');
    return [{ device: words[1]!, address, prefix, broadcast: brd > 0 ? words[brd + 1] ?? '' : '', label: words.at(-1)! }];
  });
}

export function networkFacts(sections: NetworkSections): Record<string, unknown> {
  const route = (sections.route4[0] ?? '').trim().split(/\s+/);
  const defaultIpv4: Record<string, unknown> = {};
  if (route[0] === '8.8.8.8') {
    for (let i = 0; i < route.length - 1; i++) {
      if (route[i] === 'dev') defaultIpv4.interface = route[i + 1];
      else if (route[i] === 'src') defaultIpv4.address = route[i + 1];
      else if (route[i] === 'via' && route[i + 1] !== '8.8.8.8') defaultIpv4.gateway = route[i + 1];
    }
  }
  const primary = parseAddresses(sections.ipv4Primary);
  const secondary = parseAddresses(sections.ipv4Secondary);
  const all: string[] = [];
  for (const line of sections.interfaces) {
    const [device, macaddress = '', mtu = '', type = ''] = line.trim().split(' ');
    if (!device) continue;
    for (const entry of [...primary, ...secondary].filter((a) => a.device === device)) {
      if (entry.address === defaultIpv4.address) {
        const netmaskBits = Number(entry.prefix) === 0 ? 0 : (0xffffffff << (32 - Number(entry.prefix))) >>> 0;
        const addressBits = entry.address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
        Object.assign(defaultIpv4, {
          broadcast: entry.broadcast,
          netmask: dotted(netmaskBits),
          network: dotted((addressBits & netmaskBits) >>> 0),
          prefix: entry.prefix,
          macaddress,
          mtu: Number(mtu),
          type: INTERFACE_TYPES[type] ?? 'unknown',
          alias: entry.label,
        });
      }
      if (!entry.address.startsWith('127.')) all.push(entry.address);
    }
  }
  return { default_ipv4: defaultIpv4, all_ipv4_addresses: all };
}
