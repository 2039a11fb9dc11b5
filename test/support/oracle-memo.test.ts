/** The parity suite's kept answers: a place of this machine is kept as its placeholder and read back as this machine's place. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-oracle-memo-'));
process.env.DEPLOYER_ORACLE_DIR = dir;
const { keep, recall, remembered } = await import('./oracle-memo.js');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('keeps the playbooks folder as a placeholder and reads it back as the current checkout', () => {
  const answer = { stdout: 'included: /old/checkout/test/playbooks/tasks/a.yml for host001' };
  keep({ case: 1 }, answer, { '<playbooks>': '/old/checkout/test/playbooks' });
  const [file] = fs.readdirSync(dir);
  expect(fs.readFileSync(path.join(dir, file), 'utf8')).toContain('included: <playbooks>/tasks/a.yml');
  expect(recall({ case: 1 }, { '<playbooks>': '/new/place/test/playbooks' })).toEqual({ stdout: 'included: /new/place/test/playbooks/tasks/a.yml for host001' });
  expect(recall({ case: 2 })).toBeUndefined();
});

it('asks only for an input not kept yet', async () => {
  let asked = 0;
  const ask = async () => ({ n: ++asked });
  expect(await remembered({ case: 3 }, {}, ask)).toEqual({ n: 1 });
  expect(await remembered({ case: 3 }, {}, ask)).toEqual({ n: 1 });
  expect(asked).toBe(1);
});
