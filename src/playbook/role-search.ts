/**
 * Where a role named in a playbook is, found as Ansible 2.14's RoleDefinition finds it: a
 * `namespace.collection.role` name in the collections paths first, then, in order, the
 * playbook's `roles/` folder, roles_path, the folder of the role that depends on it (meta
 * dependencies only), the playbook's folder, and last the name itself as a path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { collectionsPaths, rolesPath } from '../config/ansible-cfg.js';

/** roles_path and collections_path, as ansible.cfg and the environment set them. */
export interface RoleSources {
  rolesPath: string[];
  collectionsPaths: string[];
}

export interface FoundRole {
  /** The role's own name: the last part of a collection role's name, the folder name of a path. */
  name: string;
  path: string;
  /** `namespace.collection` of a role from a collection. */
  collection?: string;
}

export interface RoleSearch {
  /** The playbook's folder (Ansible's loader basedir). */
  baseDir: string;
  sources: RoleSources;
  /** For a meta dependency: the folder holding the role that depends on it. */
  roleBaseDir?: string;
  /** The collection of the role this name is written in: its short role names are looked up there first. */
  collection?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Ansible's is_valid_fqcr for roles: `ns.coll.role` (the role itself may have dots). */
function collectionRoleName(name: string): { collection: string; role: string } | undefined {
  const [namespace, collection, ...rest] = name.split('.');
  if (rest.length === 0 || !IDENTIFIER.test(namespace) || !IDENTIFIER.test(collection) || rest.some((part) => !IDENTIFIER.test(part))) return undefined;
  return { collection: `${namespace}.${collection}`, role: rest.join('.') };
}

/** The folders that hold `ansible_collections/`, first the playbook's own `collections/`, as ansible-playbook adds it. */
function collectionRoots(search: RoleSearch): string[] {
  const roots = [path.join(search.baseDir, 'collections'), ...search.sources.collectionsPaths].map((p) => (path.basename(p) === 'ansible_collections' ? path.dirname(p) : p));
  return [...new Set(roots)].filter((root) => isFolder(path.join(root, 'ansible_collections')));
}

function isFolder(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory();
}

function inCollection(search: RoleSearch, collection: string, role: string): FoundRole | undefined {
  const [namespace, name] = collection.split('.');
  for (const root of collectionRoots(search)) {
    const rolePath = path.join(root, 'ansible_collections', namespace, name, 'roles', role);
    if (isFolder(rolePath)) return { name: role, path: rolePath, collection };
  }
  return undefined;
}

/** The search path Ansible names when the role is not found. */
export function roleSearchPath(search: RoleSearch): string[] {
  return [path.join(search.baseDir, 'roles'), ...search.sources.rolesPath, ...(search.roleBaseDir ? [search.roleBaseDir] : []), search.baseDir];
}

export function findRole(name: string, search: RoleSearch): FoundRole | undefined {
  const qualified = collectionRoleName(name);
  const fromCollection = qualified ? inCollection(search, qualified.collection, qualified.role) : search.collection ? inCollection(search, search.collection, name) : undefined;
  if (fromCollection) return fromCollection;
  for (const dir of roleSearchPath(search)) {
    const rolePath = path.resolve(dir, name);
    if (fs.existsSync(rolePath)) return { name, path: rolePath };
  }
  // as Ansible's unfrackpath: a path relative to where the command runs
  const asPath = path.resolve(name.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
  return fs.existsSync(asPath) ? { name: path.basename(name), path: asPath } : undefined;
}

/** `ns.coll.role` for a collection's role, the role's name otherwise: how task banners name it. */
export function roleLabel(role: { name: string; collection?: string }): string {
  return role.collection ? `${role.collection}.${role.name}` : role.name;
}

/** Ansible's default roles_path and collections_path, when no ansible.cfg or environment sets them. */
export function defaultRoleSources(): RoleSources {
  return { rolesPath: rolesPath({}), collectionsPaths: collectionsPaths({}) };
}
