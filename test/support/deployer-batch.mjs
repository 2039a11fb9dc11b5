// Runs many `deployer` command lines in one Node process (the built CLI's main, one after the
// other), for tests that make hundreds of short calls: Node and the CLI load once, as the
// Ansible oracle imports Ansible once. stdin: [{ argv, cwd, env }]; stdout: [{ exitCode, stdout }].
import { main } from '../../dist/cli/main.js';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
const write = process.stdout.write.bind(process.stdout);
const baseEnv = { ...process.env };
for (const { argv, cwd, env } of JSON.parse(input)) {
  process.chdir(cwd);
  // each call sees its own environment only, not what earlier calls added
  for (const key of Object.keys(process.env)) if (!(key in baseEnv)) delete process.env[key];
  Object.assign(process.env, baseEnv, env);
  let stdout = '';
  process.stdout.write = (chunk, ...rest) => {
    stdout += String(chunk);
    rest.find((arg) => typeof arg === 'function')?.();
    return true;
  };
  let exitCode;
  try {
    exitCode = await main(argv);
  } finally {
    process.stdout.write = write;
  }
  results.push({ exitCode, stdout });
}
write(JSON.stringify(results));
