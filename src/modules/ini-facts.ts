/**
 * INI text as Python's ConfigParser reads a local fact: `[section]` headers, `name = value` or
 * `name: value` options (names lower-cased, values stripped, indented lines continue a value),
 * `#` and `;` comment lines, DEFAULT's options in every section. Undefined when ConfigParser
 * would refuse it (text before the first section, a line without a delimiter, a repeated
 * section or option).
 */
export function parseIniFacts(text: string): Record<string, Record<string, string>> | undefined {
  const sections: Record<string, Record<string, string>> = {};
  const defaults: Record<string, string> = {};
  let current: Record<string, string> | undefined;
  let last: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) {
      last = undefined;
      continue;
    }
    if (/^\s/.test(raw) && current && last !== undefined) {
      current[last] = `${current[last]}\n${raw.trim()}`;
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      const name = header[1];
      if (name === 'DEFAULT') current = defaults;
      else {
        if (name in sections) return undefined;
        current = sections[name] = {};
      }
      last = undefined;
      continue;
    }
    if (!current) return undefined;
    const option = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (!option) return undefined;
    const key = option[1].toLowerCase();
    if (key in current) return undefined;
    current[key] = option[2].trim();
    last = key;
  }
  for (const section of Object.values(sections)) for (const [key, value] of Object.entries(defaults)) if (!(key in section)) section[key] = value;
  return sections;
}
