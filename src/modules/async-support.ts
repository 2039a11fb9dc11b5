/**
 * Which modules can run in the background (`async:`): in Ansible, those whose action plugin says
 * so (normal modules, command and shell, package, service, ...); the others fail a task given async.
 */
const ACTIONS_WITHOUT_ASYNC = new Set([
  'add_host', 'assemble', 'assert', 'async_status', 'copy', 'debug', 'fail', 'fetch', 'group_by', 'include_vars', 'pause', 'raw', 'script', 'set_fact', 'set_stats',
  'template', 'unarchive', 'validate_argument_spec', 'wait_for_connection',
]);

/** The failure of a task with async whose module's action cannot run in the background, as Ansible's ActionBase gives it. */
export function asyncRefusal(module: string, asyncSeconds: unknown): { changed: false; failed: true; msg: string; exception: string } | undefined {
  const seconds = Number(asyncSeconds ?? 0);
  if (!ACTIONS_WITHOUT_ASYNC.has(module) || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return { changed: false, failed: true, msg: 'async is not supported for this task.', exception: 'NoneType: None\n' };
}
