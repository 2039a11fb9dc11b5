/** The markdown table of results: counts first, then one row per in-scope target. */
const mark = (entry) => (entry ? entry.result : 'not run');

export function writeTable({ inScope, outOfScope, ansible, deployer }) {
  const passAnsible = inScope.filter((n) => ansible[n]?.result === 'pass');
  const passBoth = passAnsible.filter((n) => deployer[n]?.result === 'pass');
  const deployerRun = passAnsible.filter((n) => deployer[n]);
  const lines = [
    `In scope: ${inScope.length} POSIX targets; real Ansible passes ${passAnsible.length}; deployer passes ${passBoth.length} of those ${passAnsible.length}` +
      (deployerRun.length < passAnsible.length ? ` (${passAnsible.length - deployerRun.length} not run with deployer)` : '') +
      `, and ${inScope.filter((n) => ansible[n]?.result !== 'pass' && deployer[n]?.result === 'pass').length} that Ansible fails.`,
    '',
    '| target | Ansible | deployer | first error line (deployer) |',
    '|---|---|---|---|',
  ];
  for (const name of inScope) {
    const d = deployer[name];
    const why = d && d.result !== 'pass' ? (d.error ?? '').replace(/\|/g, '\\|') : '';
    lines.push(`| ${name} | ${mark(ansible[name])} | ${mark(d)} | ${why} |`);
  }
  lines.push('', `Out of scope (${outOfScope.length}):`, '');
  const byReason = new Map();
  for (const { name, reason } of outOfScope) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  for (const [reason, names] of byReason) lines.push(`- ${reason}: ${names.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
