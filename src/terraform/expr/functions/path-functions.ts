/**
 * basename and dirname: listed among Terraform's filesystem functions but pure string operations on a
 * path (Go's filepath.Base and filepath.Dir, https://developer.hashicorp.com/terraform/language/functions/basename).
 * credlint follows the POSIX separator; Terraform on Windows would also split on backslashes. pathexpand
 * too, for a path that does not start with `~`.
 */
import { posix } from 'node:path';
import { Unknown, type TfValue } from '../value.js';
import { FunctionError, fixed, stringArg, type FunctionTable } from './function-support.js';
import { oneOf, withoutTrailing } from '../../../core/trailing-run.js';

const SLASH = oneOf('/');

/** Go's filepath.Clean for POSIX paths: no trailing slash, "." for empty. */
function clean(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? withoutTrailing(normalized, SLASH) : normalized;
}

function basename(path: string): string {
  if (path === '') return '.';
  const trimmed = withoutTrailing(path, SLASH);
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirname(path: string): string {
  return clean(path.slice(0, path.lastIndexOf('/') + 1));
}

/**
 * `pathexpand` (https://developer.hashicorp.com/terraform/language/functions/pathexpand, go-homedir's
 * `Expand`): a path that does not start with `~` is returned as it is; `~` and `~/...` are under the
 * home directory of whoever runs Terraform, which credlint does not know; `~user` is an error.
 */
function pathexpand(path: string): TfValue {
  if (!path.startsWith('~')) return path;
  if (path.length > 1 && path[1] !== '/' && path[1] !== '\\') throw new FunctionError('cannot expand user-specific home dir');
  return new Unknown('pathexpand() of a path starting with ~ depends on the home directory of whoever runs Terraform');
}

export const pathFunctions: FunctionTable = {
  pathexpand: fixed(1, (args) => pathexpand(stringArg(args, 0))),
  basename: fixed(1, (args) => basename(stringArg(args, 0))),
  dirname: fixed(1, (args) => dirname(stringArg(args, 0))),
};
