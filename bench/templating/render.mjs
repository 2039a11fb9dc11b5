// Renders the template for hosts 1..N with a deployer build (its dist/ folder), in one process,
// PASSES times over (default 5), and prints the fastest pass's time (JIT warmed, the machine's
// noise least) and a digest of every output, in JSON.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostVars } from './vars.mjs';

const [dist, templateFile, count] = process.argv.slice(2);
// (the nunjucks-based build registers its filters when expressions.js loads: load both)
await import(pathToFileURL(path.resolve(dist, 'templating/expressions.js')).href);
const { renderString } = await import(pathToFileURL(path.resolve(dist, 'templating/jinja.js')).href);
const template = fs.readFileSync(templateFile, 'utf8');
const vars = Array.from({ length: Number(count) }, (_, i) => hostVars(i + 1));
// the template module renders a file as written (no backslash escaping): say so where the build knows the option
const render = (v) => renderString(template, v, { escapeBackslashes: false });
let seconds = Infinity;
let digest;
for (let pass = 0; pass < Number(process.env.PASSES ?? 5); pass++) {
  const outputs = new Array(vars.length);
  const started = process.hrtime.bigint();
  for (let i = 0; i < vars.length; i++) outputs[i] = render(vars[i]);
  seconds = Math.min(seconds, Number(process.hrtime.bigint() - started) / 1e9);
  digest = crypto.createHash('sha256');
  for (const out of outputs) digest.update(out);
}
fs.writeFileSync(process.env.FIRST_OUTPUT ?? '/dev/null', render(vars[0]));
console.log(JSON.stringify({ seconds, digest: digest.digest('hex') }));
