import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The subset of `node:path` used here, so tests can pass `path.win32` or `path.posix`. */
type PathApi = Pick<typeof path, 'relative' | 'isAbsolute' | 'sep'>;

/**
 * The path shown in output: relative to `cwd`, with `/` separators on every platform (README, "Output formats"), so
 * that output is the same on Windows and in CI logs. A file on another Windows drive has no relative
 * path and stays absolute (still with `/`). The directory itself is `.`, as a shell names it: a note about
 * the scan root (`credlint .` found nothing to analyse) must not print the machine's absolute path.
 */
export function outputPath(cwd: string, file: string, pathApi: PathApi = path): string {
  const relative = pathApi.relative(cwd, file);
  if (relative === '') return '.';
  return relative.split(pathApi.sep).join('/');
}

/**
 * Whether the output path leaves `cwd` (starts with `..` or is absolute). A drive letter (`D:/x`) is
 * absolute on Windows only: elsewhere `C:` is a directory name that a repository can hold.
 */
export function isOutsideCwd(shownPath: string, pathApi: Pick<PathApi, 'sep'> = path): boolean {
  return shownPath === '..' || shownPath.startsWith('../') || shownPath.startsWith('/') || (pathApi.sep === '\\' && /^[A-Za-z]:\//.test(shownPath));
}

/**
 * A repository-relative path as a URI reference (RFC 3986 §4.2): each segment percent-encoded, so a
 * space, `#`, `%` or `:` in a file name cannot change the meaning of the reference. SARIF 2.1.0
 * §3.4.3 requires `artifactLocation.uri` to be a valid URI reference.
 */
export function uriReference(shownPath: string): string {
  return shownPath
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** `file:` URI of a directory, with the trailing slash SARIF requires of `originalUriBaseIds` (§3.14.14). */
export function directoryFileUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** `file:` URI of a file, for artifacts outside the base directory. */
export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/**
 * The path CI reports carry (SARIF, GitLab Code Quality, JUnit, checkstyle): relative to the repository
 * root, where CI systems resolve it whatever directory credlint ran in; `cwd` for a result built
 * without one.
 */
export function repositoryPath(repoRoot: string | undefined, cwd: string, file: string): string {
  return outputPath(repoRoot ?? cwd, file);
}
