/** command, shell, raw and ping as playbook modules, with Ansible's result keys. */
import { shellQuote } from '../transport/become.js';
import { shlexSplit } from '../inventory/shlex.js';
import { splitlines } from '../formats/splitlines.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { parseFreeForm, planCommand, type CommandModule } from './command.js';
import type { ModuleDef, ModuleResult } from './types.js';

function timestamp(date: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}`;
}

function delta(ms: number): string {
  const s = ms / 1000;
  return `0:00:${String(Math.floor(s)).padStart(2, '0')}.${String(Math.round((s % 1) * 1e6)).padStart(6, '0')}`;
}

export function freeFormText(module: string, args: Record<string, unknown>): string {
  if (Array.isArray(args.argv)) return args.argv.map((a) => shellQuote(String(a))).join(' ');
  const command = args.cmd ?? args._raw_params;
  if (command === undefined || command === null || String(command).trim() === '') throw new Error(`no command given to the ${module} module`);
  const params = ['chdir', 'creates', 'removes', 'executable']
    .filter((p) => args[p] !== undefined)
    .map((p) => `${p}=${shellQuote(String(args[p]))}`);
  return [String(command), ...params].join(' ');
}

/** `cmd` in the result: the shell's string, or the argument list the command module ran. */
function commandAsAnsibleReports(module: CommandModule, args: Record<string, unknown>): unknown {
  if (Array.isArray(args.argv)) return args.argv.map(String);
  const text = String(args.cmd ?? args._raw_params ?? '');
  if (module === 'shell') return text;
  return shlexSplit(parseFreeForm(text).raw, { comments: false });
}

function commandModule(module: CommandModule): ModuleDef {
  return {
    async run(args, context) {
      // as Ansible's command module, before it runs anything: the result it always promises, failed
      const given = args.cmd ?? args._raw_params;
      const hasCommand = given !== undefined && given !== null && String(given).trim() !== '';
      if (hasCommand === Array.isArray(args.argv)) {
        const msg = hasCommand ? 'only command or argv can be given, not both' : 'no command given';
        return { changed: false, stdout: '', stderr: '', rc: 256, cmd: null, start: null, end: null, delta: null, msg, failed: true, stdout_lines: [], stderr_lines: [] };
      }
      const text = freeFormText(module, args);
      const plan = planCommand(module, text, { check: context.check, strip: ansibleBoolean(args.strip_empty_ends ?? true) });
      // as Ansible's raw action: nothing runs in check mode
      if (context.check && module === 'raw') return { changed: false, skipped: true };
      const started = new Date();
      const newline = ansibleBoolean(args.stdin_add_newline ?? true) ? '\n' : '';
      // a raw task's text is the user's shell code: its own shell process, as under sudo (shell's
      // is already, through its executable)
      const result = await context.exec(plan.command, { ...(args.stdin === undefined ? {} : { stdin: `${String(args.stdin)}${newline}` }), ownProcess: module === 'raw' });
      const ended = new Date();
      const outcome = plan.interpret(result);
      const out: ModuleResult = {
        changed: outcome.changed,
        rc: outcome.rc,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        // as Ansible's action plugins: the lines of the output as Python's splitlines() gives them
        stdout_lines: splitlines(outcome.stdout),
        stderr_lines: splitlines(outcome.stderr),
      };
      if (outcome.notInChdir || outcome.notRun) {
        Object.assign(out, { ...(outcome.notInChdir ? { rc: null } : {}), cmd: commandAsAnsibleReports(module, args), start: null, end: null, delta: null });
      } else if (outcome.notStarted) {
        // as Ansible's run_command when Popen fails: the command as one quoted line, no times
        out.cmd = (commandAsAnsibleReports(module, args) as string[]).map(shellQuote).join(' ');
      } else if (module !== 'raw') {
        Object.assign(out, { cmd: commandAsAnsibleReports(module, args), start: timestamp(started), end: timestamp(ended), delta: delta(ended.getTime() - started.getTime()), msg: '' });
      }
      if (outcome.msg) out.msg = outcome.msg;
      if (plan.warnings) out.warnings = plan.warnings;
      if (outcome.failed) out.failed = true;
      if (outcome.skipped) out.skipped = true;
      return out;
    },
  };
}

export const command = commandModule('command');
export const shell = commandModule('shell');
export const raw = commandModule('raw');

export const ping: ModuleDef = {
  async run(args, context) {
    const result = await context.exec('echo pong');
    if (result.exitCode !== 0) return { failed: true, msg: result.stderr.trim() };
    // as Ansible's ping: data=crash raises an exception, for testing failures
    if (args.data === 'crash') return { changed: false, failed: true, module_stderr: 'Exception: boom\n', module_stdout: '', msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error', rc: 1 };
    return { changed: false, ping: args.data ?? 'pong' };
  },
};
