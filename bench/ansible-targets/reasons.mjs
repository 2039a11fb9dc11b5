/** A deployer failure's reason in a few words, from its first error line (falls back to the line, cut short). */
const RULES = [
  [/couldn't resolve module\/action '([^']+)'/, (m) => `module \`${m[1]}\` unknown to deployer (a Python module of the target's, or not in deployer)`],
  [/does not implement the module ansible\.builtin\.(\w+)/, (m) => `module \`${m[1]}\` not implemented`],
  [/Failed to connect to the host via ssh/, () => 'needs ssh to this machine'],
  [/unknown option '([^']+)'/, (m) => `option \`${m[1]}\` not supported`],
  [/Could not load "(\w+)": 'Invalid (filter|test) plugin name/, (m) => `${m[2]} \`${m[1]}\` missing`],
  [/Could not load "(\w+)"/, (m) => `\`${m[1]}\` missing`],
  [/(\w+): (\w+) not supported by deployer yet/, (m) => `\`${m[1]}\` argument \`${m[2]}\` not supported`],
  [/is not a valid action for ad-hoc commands/, () => 'ad-hoc with an include action'],
  [/Unsupported connection type '([^']+)'/, (m) => `connection plugin \`${m[1]}\``],
  [/argument '(\w+)' is invalid\. Allowed choices are sudo/, (m) => `become method \`${m[1]}\` (sudo only)`],
  [/timed out after/, () => 'timed out'],
  [/^script stopped after: (.*)$/, (m) => `runme.sh check failed: \`${m[1].slice(0, 70).replace(/`/g, "'")}\``],
];

export function shortReason(error) {
  if (!error) return '';
  for (const [pattern, make] of RULES) {
    const match = pattern.exec(error);
    if (match) return make(match);
  }
  const text = error.replace(/ The error appears to be in .*/, '');
  return text.length > 110 ? `${text.slice(0, 109)}…` : text;
}
