"""deployer's bridge to ansible-core: runs what deployer lacks through Ansible's own code.

One process per deployer run, started on first need, reading JSON requests on stdin and
writing JSON answers on stdout, one per line. Each request runs in a thread of its own, so
that a request waiting for deployer (a command on a host) does not hold the others. Ansible's
own code runs under one lock: it was not written for threads.

Requests: {"id": N, "op": OP, ...}; answers: {"id": N, "ok": VALUE} or {"id": N, "error": TEXT,
"class": PYTHON_CLASS}. While it runs a module, a request may ask deployer to run a command on
the module's host: {"id": N, "call": {"cmd": ..., "stdin": BASE64, "become": BOOL}}, answered by
{"id": N, "reply": {"rc": ..., "stdout": ..., "stderr": ...}}.
"""
import base64
import json
import os
import queue
import sys
import threading

FLOAT_TAG = '__deployer_float__'
ANSIBLE = threading.RLock()
WRITE = threading.Lock()
REPLIES = {}
OUT = sys.stdout
# Ansible's display writes to stdout: it must never reach the protocol stream
sys.stdout = sys.stderr


def send(message):
    line = json.dumps(message, default=jsonable, separators=(',', ':'))
    with WRITE:
        OUT.write(line + '\n')
        OUT.flush()


def jsonable(value):
    """What json cannot write: sets and tuples as lists, anything else as its text."""
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)


def tag_floats(value):
    if isinstance(value, float) and value.is_integer():
        return {FLOAT_TAG: value}
    if isinstance(value, dict):
        return {str(k): tag_floats(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [tag_floats(v) for v in value]
    return value


def untag(obj):
    if len(obj) == 1 and FLOAT_TAG in obj:
        return float(obj[FLOAT_TAG])
    return obj


class State:
    loaded = False
    templar = None
    loader = None


def setup():
    """Ansible's plugin loaders with the collection finder, as ansible-playbook sets them up."""
    from ansible import context
    from ansible.module_utils.common.collections import ImmutableDict
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar
    import ansible.plugins.loader as plugin_loader
    # importing the plugin loader installs the collection finder (collections_path, ANSIBLE_COLLECTIONS_PATH, sys.path)
    assert plugin_loader.module_loader is not None
    context.CLIARGS = ImmutableDict({'verbosity': 0, 'check': False, 'diff': False})
    State.loader = DataLoader()
    State.templar = Templar(loader=State.loader)
    State.loaded = True


def op_hello(request):
    from ansible.release import __version__
    with ANSIBLE:
        if not State.loaded:
            setup()
    return {'version': __version__, 'python': sys.executable}


def op_configure(request):
    """The playbook's folders: their collections/ and plugin folders (library/, filter_plugins/...), as ansible-playbook adds them."""
    from ansible.plugins.loader import add_all_plugin_dirs
    from ansible.utils.collection_loader import AnsibleCollectionConfig
    with ANSIBLE:
        dirs = [d for d in request.get('playbook_dirs', []) if d]
        if dirs:
            AnsibleCollectionConfig.playbook_paths = dirs
        for d in dirs + request.get('plugin_dirs', []):
            add_all_plugin_dirs(d)
    return True


def resolve_module(name, collections):
    """As Ansible's ModuleArgsParser, then its task executor: the action plugin or module a name means, and the action that runs it."""
    from ansible.plugins.loader import action_loader, module_loader
    collection_list = collections or None
    context = action_loader.find_plugin_with_context(name, collection_list=collection_list)
    if not context.resolved:
        context = module_loader.find_plugin_with_context(name, collection_list=collection_list)
    if not context.resolved:
        return {'found': False}
    fqcn = context.resolved_fqcn
    module = module_loader.find_plugin_with_context(name, collection_list=collection_list)
    # the task executor's choice: the module's action plugin, an action plugin of its name, else 'normal'
    if module.resolved and module.action_plugin:
        handler = module.action_plugin
    elif action_loader.has_plugin(name, collection_list=collection_list):
        handler = action_loader.find_plugin_with_context(name, collection_list=collection_list).resolved_fqcn
    else:
        handler = 'ansible.legacy.normal'
    return {
        'found': True,
        'fqcn': fqcn,
        'module': module.resolved,
        'path': module.plugin_resolved_path if module.resolved else None,
        'action': handler,
        'deprecated': bool(getattr(context, 'deprecated', False)),
        'deprecation': getattr(context, 'deprecation_warnings', []) or [],
    }


def op_resolve(request):
    with ANSIBLE:
        return {name: resolve_module(name, request.get('collections')) for name in request['names']}


def op_plugin_exists(request):
    """Whether Ansible knows a filter, test or lookup by this name."""
    kind, name = request['kind'], request['name']
    with ANSIBLE:
        if kind == 'lookup':
            from ansible.plugins.loader import lookup_loader
            return lookup_loader.has_plugin(name)
        plugins = State.templar.environment.filters if kind == 'filter' else State.templar.environment.tests
        try:
            plugins[name]
            return True
        except Exception:  # KeyError, or the templar's error for a collection that is not installed
            return False


def op_filter(request):
    with ANSIBLE:
        env = State.templar.environment
        call = env.call_filter if request['kind'] == 'filter' else env.call_test
        value = call(request['name'], request['value'], request.get('args', []), request.get('kwargs', {}))
        return tag_floats(value)


def op_lookup(request):
    from ansible.plugins.loader import lookup_loader
    with ANSIBLE:
        templar = State.templar.copy_with_new_env() if hasattr(State.templar, 'copy_with_new_env') else State.templar
        variables = request.get('variables', {})
        templar.available_variables = variables
        if request.get('basedir'):
            State.loader.set_basedir(request['basedir'])
        instance = lookup_loader.get(request['name'], loader=State.loader, templar=templar)
        if instance is None:
            raise LookupError('lookup plugin (%s) not found' % request['name'])
        return tag_floats(instance.run(request['terms'], variables=variables, **request.get('options', {})))


class HostAction:
    """What Ansible's interpreter discovery needs of an action plugin: a way to run a command on the host."""

    def __init__(self, request_id):
        self.request_id = request_id
        self._discovery_warnings = []
        self._connection = self
        self.has_pipelining = True

    def _low_level_execute_command(self, cmd, sudoable=True, in_data=None, **kwargs):
        return run_on_host(self.request_id, cmd, in_data, become=sudoable)


def run_on_host(request_id, cmd, in_data, become):
    """Asks deployer to run a command on the host; Ansible's lock is let go while it runs."""
    if isinstance(in_data, str):
        in_data = in_data.encode('utf-8')
    waiting = REPLIES[request_id] = queue.Queue()
    call = {'cmd': cmd, 'become': become}
    if in_data is not None:
        call['stdin'] = base64.b64encode(in_data).decode('ascii')
    depth = 0
    while ANSIBLE._is_owned():
        ANSIBLE.release()
        depth += 1
    try:
        send({'id': request_id, 'call': call})
        reply = waiting.get()
    finally:
        for _ in range(depth):
            ANSIBLE.acquire()
        del REPLIES[request_id]
    if 'error' in reply:
        raise HostCallError(reply['error'])
    return reply


class HostCallError(Exception):
    """The host could not be reached: deployer reports it as unreachable."""


def module_args(request, module_name):
    """The internal arguments of Ansible's ActionBase._update_module_args, for a pipelined module."""
    from ansible import constants as C
    from ansible.release import __version__
    args = dict(request['args'])
    task_vars = request['vars']
    args['_ansible_check_mode'] = bool(request.get('check'))
    args['_ansible_no_log'] = bool(request.get('no_log')) or C.config.get_config_value('DEFAULT_NO_TARGET_SYSLOG', variables=task_vars)
    args['_ansible_debug'] = C.DEFAULT_DEBUG
    args['_ansible_diff'] = bool(request.get('diff'))
    args['_ansible_verbosity'] = int(request.get('verbosity', 0))
    args['_ansible_version'] = __version__
    args['_ansible_module_name'] = module_name
    args['_ansible_syslog_facility'] = task_vars.get('ansible_syslog_facility', C.DEFAULT_SYSLOG_FACILITY)
    args['_ansible_selinux_special_fs'] = C.DEFAULT_SELINUX_SPECIAL_FS
    args['_ansible_string_conversion_action'] = C.STRING_CONVERSION_ACTION
    args['_ansible_socket'] = task_vars.get('ansible_socket')
    args['_ansible_shell_executable'] = task_vars.get('ansible_shell_executable', '/bin/sh')
    args['_ansible_keep_remote_files'] = C.DEFAULT_KEEP_REMOTE_FILES
    args['_ansible_tmpdir'] = None
    args['_ansible_remote_tmp'] = task_vars.get('ansible_remote_tmp', '~/.ansible/tmp')
    return args


def build_module(request, action):
    """The module's AnsiballZ payload (modify_module), discovering the host's Python first when Ansible would."""
    from ansible.executor.interpreter_discovery import InterpreterDiscoveryRequiredError, discover_interpreter
    from ansible.executor.module_common import modify_module
    from ansible.plugins.loader import module_loader
    name = request['module']
    found = module_loader.find_plugin_with_context(name, collection_list=request.get('collections') or None)
    if not found.resolved:
        if found.redirect_list and len(found.redirect_list) > 1:
            raise ModuleError('The module %s was redirected to %s, which could not be loaded.' % (name, found.redirect_list[-1]))
        raise ModuleError('The module %s was not found in configured module paths' % name)
    task_vars = request['vars']
    task_vars.setdefault('ansible_facts', {})
    if request.get('local') and 'ansible_python_interpreter' not in task_vars:
        # as Ansible's implicit localhost: the controller's own Python
        task_vars['ansible_python_interpreter'] = sys.executable
    args = module_args(request, request.get('written', name))
    discovered = None
    for _ in (1, 2):
        try:
            data, style, shebang = modify_module(name, found.plugin_resolved_path, args, State.templar, task_vars=task_vars,
                                                 module_compression='ZIP_STORED', environment={})
            break
        except InterpreterDiscoveryRequiredError as needed:
            discovered = discover_interpreter(action=action, interpreter_name=needed.interpreter_name,
                                              discovery_mode=needed.discovery_mode, task_vars=task_vars)
            task_vars['ansible_facts']['discovered_interpreter_%s' % needed.interpreter_name] = discovered
    if style != 'new':
        raise ModuleError('deployer runs new-style (AnsiballZ) modules only; %s is a %s module' % (name, style))
    return data, shebang, discovered


class ModuleError(Exception):
    pass


def parse_result(res, interpreter):
    """As Ansible's ActionBase._parse_returned_data, then _execute_module and the task executor's defaults."""
    import re
    from ansible.module_utils.json_utils import _filter_non_json_lines
    from ansible.vars.clean import remove_internal_keys
    warnings = []
    try:
        filtered, warnings = _filter_non_json_lines(res.get('stdout', ''), objects_only=True)
        data = json.loads(filtered)
        data['_ansible_parsed'] = True
    except ValueError:
        data = dict(failed=True, _ansible_parsed=False)
        data['module_stdout'] = res.get('stdout', '')
        data['module_stderr'] = res.get('stderr', '')
        if data['module_stderr'].startswith('Traceback'):
            data['exception'] = data['module_stderr']
        if 'exception' not in data and data['module_stdout'].startswith('Traceback'):
            data['exception'] = data['module_stdout']
        data['msg'] = 'MODULE FAILURE'
        missing = re.compile('%s: (?:No such file or directory|not found)' % re.escape(interpreter))
        if missing.search(data['module_stderr']) or missing.search(data['module_stdout']):
            data['msg'] = 'The module failed to execute correctly, you probably need to set the interpreter.'
        data['msg'] += '\nSee stdout/stderr for the exact error'
        data['rc'] = res.get('rc')
    if 'results' in data and (not isinstance(data['results'], list)):
        data['ansible_module_results'] = data.pop('results')
    remove_internal_keys(data)
    for stream in ('stdout', 'stderr'):
        if stream in data and '%s_lines' % stream not in data:
            data['%s_lines' % stream] = (data.get(stream) or '').splitlines()
    # the task executor: a result without `failed` failed when its rc is not 0
    if 'failed' not in data:
        data['failed'] = 'rc' in data and data['rc'] not in (0, '0')
    data.pop('_ansible_parsed', None)
    # as a registered result: no invocation (Ansible shows it with -vvv only)
    data.pop('invocation', None)
    return data, warnings


def op_module(request):
    request_id = request['id']
    action = HostAction(request_id)
    with ANSIBLE:
        data, shebang, discovered = build_module(request, action)
    interpreter = shebang.replace('#!', '').strip()
    res = run_on_host(request_id, interpreter, data, become=True)
    with ANSIBLE:
        result, warnings = parse_result(res, interpreter)
    if discovered is not None:
        if result.get('ansible_facts') is None:
            result['ansible_facts'] = {}
        result['ansible_facts']['discovered_interpreter_python'] = discovered
    if action._discovery_warnings:
        result.setdefault('warnings', []).extend(action._discovery_warnings)
    return {'result': tag_floats(result), 'interpreter': discovered, 'warnings': warnings}


OPS = {
    'hello': op_hello,
    'configure': op_configure,
    'resolve': op_resolve,
    'exists': op_plugin_exists,
    'filter': op_filter,
    'lookup': op_lookup,
    'module': op_module,
}


def handle(request):
    request_id = request.get('id')
    try:
        if not State.loaded and request.get('op') != 'hello':
            with ANSIBLE:
                if not State.loaded:
                    setup()
        send({'id': request_id, 'ok': OPS[request['op']](request)})
    except HostCallError as error:
        send({'id': request_id, 'error': str(error), 'class': 'unreachable'})
    except Exception as error:  # every failure is an answer: deployer words it for the user
        kind = type(error)
        send({'id': request_id, 'error': str(error), 'class': '%s.%s' % (kind.__module__, kind.__name__)})


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line, object_hook=untag)
        if 'reply' in message:
            REPLIES[message['id']].put(message['reply'])
            continue
        threading.Thread(target=handle, args=(message,), daemon=True).start()


if __name__ == '__main__':
    main()
