/**
 * `include_vars`, as Ansible 2.14's action: variables from a YAML/JSON file found on the task's
 * search path (`file`, or the free-form argument), or from every file of a folder (`dir`, with
 * `depth`, `files_matching`, `ignore_files`, `extensions`, `ignore_unknown_extensions`), under
 * `name` when given. Runs on the controller; the runner keeps the variables at include_vars
 * precedence. Failures say `message`, not `msg`, as Ansible's action does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readUserText } from '../formats/read-file.js';
import { loadDataFile } from '../formats/yaml.js';
import { currentHashBehaviour, isMapping, mergeHash, type Vars } from '../inventory/vars.js';
import { actionSearchPath, findControllerFile } from './search-path.js';
import { ModuleArgumentError, type ModuleContext, type ModuleDef, type ModuleResult } from './types.js';

const DIR_ARGS = ['dir', 'depth', 'files_matching', 'ignore_files', 'extensions', 'ignore_unknown_extensions'];
const FILE_ARGS = ['file', '_raw_params'];
const COMMON_ARGS = ['name', 'hash_behaviour'];
const DEFAULT_EXTENSIONS = ['yaml', 'yml', 'json'];

class IncludeFailure extends Error {}

/** Python's os.path.join: an absolute part starts over, nothing is normalized. */
const pythonJoin = (...parts: string[]) => parts.reduce((joined, part) => (part.startsWith('/') || !joined ? part : `${joined.replace(/\/$/, '')}/${part}`), '');

/** Python's regular expressions, for what JavaScript spells differently (named groups). */
const pythonRegex = (source: string) => new RegExp(source.replace(/\(\?P</g, '(?<'));

interface DirOptions {
  depth: number;
  matcher?: RegExp;
  ignore: string[];
  extensions: string[];
  ignoreUnknown: boolean;
}

/** Loads one file: its dictionary, or a failure (an empty file is an empty dictionary). */
function loadFile(file: string, included: string[], extensions?: string[]): Vars {
  if (extensions && !extensions.includes(path.extname(file).slice(1))) throw new IncludeFailure(`${file} does not have a valid extension: ${extensions.join(', ')}`);
  const { data } = loadDataFile(readUserText(file, 'Vars file'), file);
  // what Python takes for false (None, '', 0, an empty list) is an empty dictionary
  const vars = data === null || data === '' || data === 0 || data === false || (Array.isArray(data) && data.length === 0) ? {} : data;
  if (!isMapping(vars)) throw new IncludeFailure(`${file} must be stored as a dictionary/hash`);
  included.push(file);
  return vars;
}

/** The folders under `dir` (itself first), sorted by path as Ansible sorts os.walk's, with their sorted files. */
function walk(root: string): [string, string[]][] {
  const folders: [string, string[]][] = [];
  const visit = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const isDir = (e: fs.Dirent) => e.isDirectory() || (e.isSymbolicLink() && fs.existsSync(path.join(dir, e.name)) && fs.statSync(path.join(dir, e.name)).isDirectory());
    folders.push([dir, entries.filter((e) => !isDir(e)).map((e) => e.name).sort()]);
    // os.walk lists linked folders but does not go into them
    for (const entry of entries) if (entry.isDirectory()) visit(path.join(dir, entry.name));
  };
  visit(root);
  return folders.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function loadDir(dir: string, options: DirOptions, included: string[]): { vars: Vars; failure?: string } {
  const vars: Vars = {};
  const ignored = (name: string) =>
    options.ignore.some((pattern) => {
      try {
        return pythonRegex(`${pattern}$`).test(name);
      } catch {
        throw new ModuleArgumentError(`Invalid regular expression: ${pattern}`);
      }
    });
  // as Ansible's _traverse_dir_depth: `depth` counts the folders taken in sorted order, 0 is all
  for (const [index, [folder, files]] of walk(dir).entries()) {
    if (options.depth !== 0 && index >= options.depth) break;
    // a failure keeps what the folders before gave, not what this one had given so far (as Ansible)
    const folderVars: Vars = {};
    for (const name of files) {
      const file = path.join(folder, name);
      if (options.matcher && !options.matcher.test(name)) continue;
      if (!fs.existsSync(file) || ignored(name)) continue;
      if (options.ignoreUnknown && !options.extensions.includes(path.extname(name).slice(1))) continue;
      try {
        Object.assign(folderVars, loadFile(file, included, options.extensions));
      } catch (error) {
        if (error instanceof IncludeFailure) return { vars, failure: error.message };
        throw error;
      }
    }
    Object.assign(vars, folderVars);
  }
  return { vars };
}

/** `dir` relative to the role's vars/ folder, or to the folder of the file the task is written in. */
function rootDir(dir: string, place: ModuleContext['place']): string {
  if (!place.rolePath) return pythonJoin(path.dirname(place.taskFile), dir);
  if (dir.split('/')[0] !== 'vars') return pythonJoin(place.rolePath, 'vars', dir);
  const inRole = pythonJoin(place.rolePath, dir);
  return fs.existsSync(inRole) ? inRole : path.resolve(dir);
}

function dirOptions(args: Record<string, unknown>): DirOptions {
  let extensions = args.extensions ?? DEFAULT_EXTENSIONS;
  // as Python's list() of a string: its characters
  if (typeof extensions === 'string') extensions = [...extensions];
  if (!Array.isArray(extensions)) throw new ModuleArgumentError('Invalid type for "extensions" option, it must be a list');
  const ignore = args.ignore_files ?? [];
  return {
    depth: Number(args.depth ?? 0) || 0,
    matcher: args.files_matching ? pythonRegex(String(args.files_matching)) : undefined,
    ignore: typeof ignore === 'string' ? ignore.split(/\s+/).filter(Boolean) : Array.isArray(ignore) ? ignore.map(String) : Object.keys(ignore as object),
    extensions: extensions.map(String),
    ignoreUnknown: args.ignore_unknown_extensions === true || ['yes', 'true', 'on', '1'].includes(String(args.ignore_unknown_extensions).toLowerCase()),
  };
}

function checkArgs(args: Record<string, unknown>): void {
  let dirs = 0;
  let files = 0;
  for (const key of Object.keys(args)) {
    if (DIR_ARGS.includes(key)) dirs++;
    else if (FILE_ARGS.includes(key)) files++;
    else if (!COMMON_ARGS.includes(key)) throw new ModuleArgumentError(`${key} is not a valid option in include_vars`);
  }
  if (dirs && files) throw new ModuleArgumentError('You are mixing file only and dir only arguments, these are incompatible');
}

const pythonType = (v: unknown) => (v === undefined || v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v === 'object' ? 'dict' : typeof v);

/** `hash_behaviour` other than the configured one: each variable combined with the value it has now (both must be dictionaries). */
function combineWithCurrent(vars: Vars, current: Vars, behaviour: string): Vars {
  return Object.fromEntries(
    Object.entries(vars).map(([key, value]) => {
      const old = current[key];
      if (!isMapping(old) || !isMapping(value)) throw new ModuleArgumentError(`failed to combine variables, expected dicts but got a '${pythonType(old)}' and a '${pythonType(value)}'`);
      return [key, behaviour === 'merge' ? mergeHash(old, value) : { ...old, ...value }];
    }),
  );
}

export const includeVars: ModuleDef = {
  async run(args, context): Promise<ModuleResult> {
    checkArgs(args);
    const included: string[] = [];
    let vars: Vars = {};
    let failure: string | undefined;
    // as Ansible's action: a dir or file that Python takes for false is not given (a lookup that found nothing)
    const given = (value: unknown) => value !== undefined && value !== null && value !== '' && value !== false;
    const rawParams = typeof args._raw_params === 'string' && args._raw_params ? args._raw_params.replace(/\n+$/, '') : undefined;
    const file = given(args.dir) || given(args.file) ? args.file : rawParams;
    if (given(args.dir)) {
      const options = dirOptions(args);
      const dir = rootDir(String(args.dir), context.place);
      if (!fs.existsSync(dir)) failure = `${dir} directory does not exist`;
      else if (!fs.statSync(dir).isDirectory()) failure = `${dir} is not a directory`;
      else ({ vars, failure } = loadDir(dir, options, included));
    } else {
      try {
        if (file === undefined || file === null) throw new IncludeFailure('Could not find file on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option');
        vars = loadFile(findControllerFile(actionSearchPath(context.place), 'vars', String(file), context.place.baseDir), included);
      } catch (error) {
        if (!(error instanceof IncludeFailure || error instanceof ModuleArgumentError)) throw error;
        failure = error.message;
      }
    }
    if (typeof args.name === 'string' && args.name) vars = { [args.name]: vars };
    const behaviour = args.hash_behaviour;
    if (failure === undefined && behaviour !== undefined && behaviour !== null && behaviour !== currentHashBehaviour()) vars = combineWithCurrent(vars, context.vars, String(behaviour));
    return { ...(failure !== undefined ? { failed: true, message: failure } : {}), ansible_included_var_files: included, ansible_facts: vars };
  },
};
