/**
 * Terraform's `file(path)`, `filebase64(path)` and `fileexists(path)` for one root module, on the files of the repository,
 * through the scan's reader (the repository boundary and the size limit apply, as to every file
 * credlint reads). A relative path is taken from the root module's directory, Terraform's working
 * directory, which is why modules write `"${path.module}/users.yaml"`.
 * - `file` reads the file as UTF-8; a file that does not exist or is not valid UTF-8 is an error, as in
 *   Terraform (https://developer.hashicorp.com/terraform/language/functions/file).
 * - `filebase64` reads any bytes and gives them in Base64, as modules pass a binary PGP public key to
 *   `pgp_key` (https://developer.hashicorp.com/terraform/language/functions/filebase64); a file that
 *   does not exist is an error.
 * - `fileexists` is false where nothing exists, true for a regular file, and an error for anything else
 *   (https://developer.hashicorp.com/terraform/language/functions/fileexists).
 * - `fileset` lists the regular files a glob pattern matches (`file-set.ts`).
 * A path outside the repository (a symlink leading out included), or a file the reader refuses (not a
 * regular file, over the size limit), is an unknown: credlint did not look, so nothing is concluded.
 */
import { statSync } from 'node:fs';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import type { FileReader } from '../../io/file-reader.js';
import type { PathFunctions } from './expr-api.js';
import { EvaluationError, Unknown, type TfValue } from '../expr/value.js';
import { repositoryFileSet } from './file-set.js';
import { nfc } from '../expr/normalize-strings.js';

/**
 * What Terraform makes of a path starting with `~` in `file`, `filebase64`, `fileexists` and `templatefile`: it expands
 * it with go-homedir's `Expand` before anything else (hashicorp/terraform `internal/lang/funcs/filesystem.go`,
 * as `pathexpand` does; `fileset` does not), so `~/x` is `x` in the home directory of whoever runs
 * Terraform, outside the repository and unknown here, and `~user/x` is an error. Taken as a path in
 * the module, `file("~/n.txt")` read a directory named `~` that the pull request commits, a value
 * Terraform never reads. Undefined for any other path.
 */
function homeDirectoryPath(name: string, path: string): TfValue | undefined {
  if (!path.startsWith('~')) return undefined;
  if (path.length > 1 && path[1] !== '/' && path[1] !== '\\') return new EvaluationError(`${name}(): failed to expand ~: cannot expand user-specific home dir`);
  return new Unknown(`${name}(): ${JSON.stringify(path)} is in the home directory of whoever runs Terraform, outside the repository, and is not read`);
}

/**
 * A path `file()` and its kin were given, for a message: as written, lexically normalised (relative to
 * the root module's directory, `path.module` being relative to it), or relative to that directory when
 * written absolute inside the repository. Resolved against the machine's directories first, a path
 * leading out lost the `..` past the file system's root: `file("/etc/passwd")` and
 * `file("${path.module}/../../../../../../etc/passwd")` were both named `"../../../etc/passwd"`, which
 * told the pull request how deep the CI machine keeps its checkout.
 */
function shownPath(rootDir: string, written: string, absolute: string, reader: FileReader): string {
  const shown = isAbsolute(written) && reader.isLexicallyInside(absolute) ? relative(rootDir, absolute) : normalize(written);
  return JSON.stringify(shown.split(sep).join('/'));
}

export function repositoryFileFunctions(rootDir: string, reader: FileReader): PathFunctions {
  const memo = new Map<string, TfValue>();
  const remembered = (name: string, compute: (absolute: string, shown: string) => TfValue) => (path: string) => {
    const home = homeDirectoryPath(name, path);
    if (home !== undefined) return home;
    const absolute = resolve(rootDir, path);
    // The message names the path as written: one key per spelling.
    const key = `${name}\0${absolute}\0${path}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const shown = shownPath(rootDir, path, absolute, reader);
    // No file name holds a NUL: the system refuses the path (Terraform: "invalid argument"), and Node's
    // file functions throw rather than fail.
    const value = absolute.includes('\0')
      ? new EvaluationError(`${name}(): ${shown} is not a valid path: it holds a NUL character`)
      : reader.isInside(absolute)
        ? compute(absolute, shown)
        : new Unknown(`${name}(): ${shown} is outside the repository and is not read`);
    memo.set(key, value);
    return value;
  };
  return {
    file: remembered('file', (absolute, shown) => {
      const source = reader.readSource(absolute);
      if (source.ok) return nfc(source.text);
      const info = statSync(absolute, { throwIfNoEntry: false });
      if (info === undefined) return new EvaluationError(`file(): no file exists at ${shown}`);
      if (info.isDirectory()) return new EvaluationError(`file(): ${shown} is a directory, not a file`);
      if (/UTF-8|NUL byte|UTF-16/.test(source.diagnostic.message)) return new EvaluationError(`file(): ${shown} is not valid UTF-8 text`);
      // The reader's refusal names the absolute path ("not read: /repo/x is not a regular file"): said of the path as written.
      const why = source.diagnostic.message
        .replace(/^not read: /, '')
        .split(absolute)
        .join('it');
      return new Unknown(`file(): ${shown} is not read: ${why}`);
    }),
    filebase64: remembered('filebase64', (absolute, shown) => {
      const read = reader.readBytes(absolute);
      // The reader reuses its buffer: encoded before anything else is read.
      if (read.ok) return read.bytes.toString('base64');
      const info = statSync(absolute, { throwIfNoEntry: false });
      if (info === undefined) return new EvaluationError(`filebase64(): no file exists at ${shown}`);
      if (info.isDirectory()) return new EvaluationError(`filebase64(): ${shown} is a directory, not a file`);
      return new Unknown(`filebase64(): ${shown} is not read: ${read.reason}`);
    }),
    fileexists: remembered('fileexists', (absolute, shown) => {
      const info = statSync(absolute, { throwIfNoEntry: false });
      if (info === undefined) return false;
      return info.isFile() ? true : new EvaluationError(`fileexists(): ${shown} is not a regular file`);
    }),
    fileset: (path, pattern) => {
      const key = `fileset\0${resolve(rootDir, path)}\0${pattern}`;
      const cached = memo.get(key);
      if (cached !== undefined) return cached;
      const value = repositoryFileSet(rootDir, reader, path, pattern);
      memo.set(key, value);
      return value;
    },
  };
}
