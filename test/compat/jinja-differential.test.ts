/**
 * Differential test of the templating engine: every template of test/compat/jinja-cases.ts is
 * rendered by deployer and by Ansible's own templar (one Python process for the whole batch);
 * the text, or the class of the error (undefined variable, syntax, other), must be the same.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderString, UndefinedVariableError } from '../../src/templating/jinja.js';
import { TemplateSyntaxError } from '../../src/templating/jinja2/errors.js';
import { CASE_VARS, jinjaCases } from './jinja-cases.js';
import { ansiblePython } from './oracle.js';

type Outcome = { ok: string } | { error: string; detail?: string };

const here = path.dirname(fileURLToPath(import.meta.url));

function errorClass(error: unknown): string {
  if (error instanceof UndefinedVariableError) return 'undefined';
  for (let seen: unknown = error; seen; seen = (seen as { cause?: unknown }).cause) if (seen instanceof TemplateSyntaxError) return 'syntax';
  return 'error';
}

function deployer(template: string): Outcome {
  try {
    return { ok: renderString(template, structuredClone(CASE_VARS)) };
  } catch (error) {
    return { error: errorClass(error), detail: String((error as Error).message) };
  }
}

describe('templating, differential against Ansible (ansible-core templar, Jinja2)', () => {
  const cases = jinjaCases();

  it('has at least 2,000 templates', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2000);
  });

  it('renders every template as Ansible does, or fails with the same class of error', () => {
    const python = ansiblePython();
    if (!python) throw new Error('ansible-core is not installed');
    const oracle = JSON.parse(
      execFileSync(python, [path.join(here, 'jinja_oracle.py')], { input: JSON.stringify({ vars: CASE_VARS, templates: cases }), maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } }).toString(),
    ) as Outcome[];
    const differences = cases
      .map((template, i) => ({ template, ansible: oracle[i], deployer: deployer(template) }))
      .filter(({ ansible, deployer: ours }) => ('ok' in ansible ? !('ok' in ours) || ours.ok !== ansible.ok : 'ok' in ours || ours.error !== ansible.error));
    const shown = differences.slice(0, Number(process.env.SHOW_DIFFERENCES ?? 40)).map((d) => `${JSON.stringify(d.template)}\n    ansible:  ${JSON.stringify(d.ansible)}\n    deployer: ${JSON.stringify(d.deployer)}`);
    expect({ differing: differences.length, of: cases.length, first: shown }).toEqual({ differing: 0, of: cases.length, first: [] });
  });
});
