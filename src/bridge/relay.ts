/**
 * The worker thread that holds the helper process: it writes requests to the helper and sends
 * each answer back, asynchronously, or, for a request the main thread waits for synchronously
 * (a filter in the middle of a template), through a port of its own and a shared flag the main
 * thread sleeps on (Atomics.wait). Kept as source text: it runs the same from dist/ and under jest.
 */
export const RELAY_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { syncPort, flag, python, helper, env, cwd } = workerData;
const waiting = new Set();
const child = spawn(python, [helper], { stdio: ['pipe', 'pipe', 'inherit'], env, cwd });
let buffer = '';
let ended = '';
const answerSync = (line) => {
  syncPort.postMessage(line);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
const route = (line) => {
  const match = /^\\{"id":(\\d+)/.exec(line);
  const id = match ? Number(match[1]) : -1;
  if (waiting.has(id)) {
    waiting.delete(id);
    answerSync(line);
  } else parentPort.postMessage({ line });
};
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  buffer += chunk;
  for (let end = buffer.indexOf('\\n'); end >= 0; end = buffer.indexOf('\\n')) {
    const line = buffer.slice(0, end);
    buffer = buffer.slice(end + 1);
    if (line) route(line);
  }
});
const finish = (reason) => {
  if (ended) return;
  ended = reason;
  for (const id of waiting) answerSync(JSON.stringify({ id, error: reason, class: 'bridge' }));
  waiting.clear();
  parentPort.postMessage({ exit: reason });
};
child.on('error', (error) => finish('the Ansible helper could not start: ' + error.message));
child.on('exit', (code, signal) => finish('the Ansible helper ended (' + (signal || 'exit code ' + code) + ')'));
child.stdin.on('error', () => undefined);
parentPort.on('message', (message) => {
  if (message.close) return child.stdin.end();
  if (ended) {
    const line = JSON.stringify({ id: message.id, error: ended, class: 'bridge' });
    if (message.sync) answerSync(line);
    else parentPort.postMessage({ line });
    return;
  }
  if (message.sync) waiting.add(message.id);
  child.stdin.write(message.line + '\\n');
});
`;
