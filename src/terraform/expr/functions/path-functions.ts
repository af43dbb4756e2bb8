/**
 * basename and dirname: listed among Terraform's filesystem functions but pure string operations on a
 * path (Go's filepath.Base and filepath.Dir, https://developer.hashicorp.com/terraform/language/functions/basename).
 * credlint follows the POSIX separator; Terraform on Windows would also split on backslashes.
 */
import { posix } from 'node:path';
import { fixed, stringArg, type FunctionTable } from './function-support.js';

/** Go's filepath.Clean for POSIX paths: no trailing slash, "." for empty. */
function clean(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

function basename(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirname(path: string): string {
  return clean(path.slice(0, path.lastIndexOf('/') + 1));
}

export const pathFunctions: FunctionTable = {
  basename: fixed(1, (args) => basename(stringArg(args, 0))),
  dirname: fixed(1, (args) => dirname(stringArg(args, 0))),
};
