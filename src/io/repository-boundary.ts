/**
 * The edge of the repositories being scanned, which the file reader (`file-reader.ts`) enforces:
 * whether a path, as written or with its symlinks resolved, lies inside one of them, where a path
 * leads when followed one component at a time without looking past that edge, and git's own
 * directory, which no read of repository content may enter. The real paths of the directories the
 * walk listed are kept here, so that a file read costs no path resolution.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { resolveInside, resolveWritten, type InsideResolution } from './resolve-inside.js';

/**
 * Whether `path` lies in git's own directory: a component `.git` (in any case, as git refuses to check
 * one out: https://git-scm.com/docs/git-config, `core.protectNTFS`/`protectHFS`, and git's
 * `verify_path`). No commit can put a file there, so nothing in it is the pull request's content; the
 * CI machine's checkout keeps its credentials there (`actions/checkout` writes the job's token into
 * `.git/config` as an `extraheader`, GitLab CI the job token into the remote URL), and `file()` or a
 * `TemplateURL` naming it would print them in a finding.
 */
function inGitDirectory(path: string): boolean {
  return /(?:^|[\\/])\.git(?:[\\/]|$)/i.test(path);
}

/**
 * `path.resolve(file)`, skipped for a path that is already absolute and normal (no `.`, `..` or empty
 * segment): the prefilter and the loaders pass tens of thousands of such paths from the walk.
 */
export function absolutePath(file: string): string {
  return sep === '/' && file.charCodeAt(0) === 0x2f && !/\/\.{0,2}(?:\/|$)/.test(file) ? file : resolve(file);
}

export function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}

/**
 * Whether `withSep(path)` starts with `prefix` (which ends with a separator), without making that
 * string: the door asks it for every file read.
 */
function isBelowPrefix(path: string, prefix: string): boolean {
  return path.startsWith(prefix) || (path.length + 1 === prefix.length && prefix.startsWith(path) && !path.endsWith(sep));
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** The repositories' edge, and the real paths of the directories inside it known so far. */
export class RepositoryBoundary {
  /** Prefixes (with a trailing separator) of the repositories, as given and as real paths. */
  private readonly lexicalPrefixes: readonly string[];
  private readonly realPrefixes: readonly string[];
  /** Each repository's prefix as given → as a real path, where they differ. */
  private readonly givenToReal: readonly (readonly [string, string])[];
  /** Directory → its real path (undefined when it cannot be resolved). The walk seeds it. */
  private readonly realDirectories = new Map<string, string | undefined>();

  /**
   * @param roots the repositories (absolute directories) of the scanned paths.
   */
  constructor(roots: readonly string[]) {
    const real = roots.map((root) => realOrUndefined(root) ?? resolve(root));
    this.realPrefixes = [...new Set(real.map(withSep))];
    this.givenToReal = roots
      .map((root, index) => [withSep(resolve(root)), withSep(real[index] ?? resolve(root))] as const)
      .filter(([given, realPrefix]) => given !== realPrefix);
    this.lexicalPrefixes = [...new Set([...roots.map((root) => withSep(resolve(root))), ...this.realPrefixes])];
  }

  /** The repositories' real paths. */
  get boundaries(): readonly string[] {
    return this.realPrefixes.map((prefix) => (prefix.length > 1 ? prefix.slice(0, -1) : prefix));
  }

  /** Records what the directory walk learnt: the real path of a directory it listed. */
  knowRealDirectory(dir: string, real: string): void {
    this.realDirectories.set(dir, real);
  }

  /** Whether an absolute path, as written (symlinks not resolved), lies inside the repository. */
  isLexicallyInside(path: string): boolean {
    return this.lexicalPrefixes.some((prefix) => isBelowPrefix(path, prefix));
  }

  /** Whether a real path (symlinks already resolved) is inside the repository. */
  containsRealPath(real: string): boolean {
    return this.realPrefixes.some((prefix) => isBelowPrefix(real, prefix));
  }

  /** The real path of a directory the walk listed, or that was resolved before; undefined otherwise (no system call). */
  knownRealDirectory(dir: string): string | undefined {
    return this.realDirectories.get(dir);
  }

  /** The real path of a directory (undefined when it cannot be resolved), from the walk when it listed it. */
  realDirectory(dir: string): string | undefined {
    if (this.realDirectories.has(dir)) return this.realDirectories.get(dir);
    const real = realOrUndefined(dir);
    this.realDirectories.set(dir, real);
    return real;
  }

  /**
   * Whether an existing file or directory's real path is inside the repository. A path that does not
   * exist is inside when its nearest existing ancestor is and it is lexically inside.
   */
  isInside(path: string): boolean {
    const absolute = resolve(path);
    // A directory whose real path is known already (the walk listed it, or it was asked before):
    // no system call.
    if (this.realDirectories.has(absolute)) {
      const real = this.realDirectories.get(absolute);
      if (real !== undefined) return this.containsRealPath(real);
    }
    // Followed one component at a time (`resolvePath`): a link leading out is outside whether its target
    // exists. `realpath` failed for an absent target, which then counted as inside, so `file()` said
    // "no file exists" of it and "outside the repository" of a present one: a pull request could ask
    // whether any path exists on the CI machine.
    return this.resolvePath(absolute).kind !== 'outside';
  }

  /**
   * Whether something is at `path` for a read to take or refuse, found without looking outside the
   * repository: a path leading out (lexically, or through a symlink on the way, whether the link's
   * target exists) counts as there, so the read that follows refuses it with the same note whatever
   * the CI machine holds. `existsSync` follows links, so a loader that asked it before reading said
   * "leads outside" of a link to a present file and nothing of a link to an absent one: a pull request
   * could ask whether any path exists on the machine (docs/security.md, "What credlint reads").
   * Looked up from the nearest directory whose real path the walk recorded, one component at a time:
   * as many system calls as `existsSync` for a path in a listed directory.
   */
  exists(path: string): boolean {
    const resolution = this.resolveForExists(resolve(path));
    return resolution === undefined || resolution.kind !== 'error';
  }

  /**
   * `exists`, for a regular file only: a path resolving inside the repository to a directory, a FIFO or
   * a device is not one (a directory named `credlint.config.json` is no configuration file). The real
   * path is stat'ed only once it is known to be inside; a path leading out counts as there, as for
   * `exists`, whatever the machine holds beyond the repository.
   */
  holdsFile(path: string): boolean {
    const resolution = this.resolveForExists(resolve(path));
    if (resolution === undefined || resolution.kind === 'outside') return true;
    if (resolution.kind === 'error') return false;
    try {
      return statSync(resolution.real, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      // EACCES and the like: nothing that can be read as a file.
      return false;
    }
  }

  /**
   * Where `absolute` leads for `exists` and `holdsFile`, from the nearest directory whose real path the
   * walk recorded, one component at a time; undefined when it is lexically outside the repository.
   */
  private resolveForExists(absolute: string): InsideResolution | undefined {
    if (!this.isLexicallyInside(absolute)) return undefined;
    let dir = dirname(absolute);
    while (!this.realDirectories.has(dir) && this.isLexicallyInside(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const real = this.realDirectories.get(dir);
    return real !== undefined && this.containsRealPath(real)
      ? resolveWritten(real, absolute.slice(withSep(dir).length), this.boundaries)
      : this.resolvePath(absolute);
  }

  /**
   * Where the symlink `path` (in a directory inside the repository) leads when that is outside the
   * repository, as the walk resolves it (`resolveInside`); undefined when it leads inside, even into
   * git's own directory (the read then refuses it as such), or does not resolve.
   */
  linkTargetOutside(path: string): string | undefined {
    const resolution = resolveInside(path, this.boundaries);
    return resolution.kind === 'outside' ? resolution.target : undefined;
  }

  /**
   * Where `path` leads, followed one component at a time from the file system's root and stopping at
   * the repository's edge (`resolve-inside.ts`), so that what is said of a path leading out is the
   * same whether anything is there (`isInside` asks `realpath`, whose failure tells an absent target
   * from a present one).
   */
  resolvePath(path: string): InsideResolution {
    return this.withoutGitDirectory(this.resolveFollowed(path), path);
  }

  /** `resolvePath`, with a path into git's own directory still its real path (the reader says where it leads). */
  protected resolveFollowed(path: string): InsideResolution {
    const absolute = resolve(path);
    // From the real path of its directory when that resolves inside: one component to follow. From the
    // repository's root, each file of a chain of imports one directory deeper each (which the walk does
    // not list past `directoryDepth`) followed every component again, quadratic in the depth.
    const realParent = this.realParent(absolute);
    if (realParent !== undefined) return resolveWritten(realParent, basename(absolute), this.boundaries);
    // A path inside is followed from its repository's real path (a repository given through a symlink:
    // macOS's /var is /private/var), and a target outside is spelled from the file's directory (`../../elsewhere`), as a link's is: not as the real path above the
    // repository, which would show the machine's directory layout in the note.
    const prefix = this.lexicalPrefixes.find((candidate) => absolute.startsWith(candidate));
    if (prefix === undefined) return resolveWritten(sep, absolute, this.boundaries);
    const realPrefix = this.givenToReal.find(([given]) => given === prefix)?.[1] ?? prefix;
    return resolveWritten(realPrefix, absolute.slice(prefix.length), this.boundaries, relative(dirname(absolute), prefix) || '.');
  }

  /**
   * The real path of the directory holding `absolute` when it resolves inside the repository, out of
   * git's directory, followed from the nearest directory above whose real path is known (the walk's,
   * or one resolved here before) and then known too; undefined otherwise (the caller follows the whole
   * path). Each directory is resolved once, so a path one level below one asked before costs one
   * component.
   */
  private realParent(absolute: string): string | undefined {
    const parent = dirname(absolute);
    if (parent === absolute || !this.isLexicallyInside(parent)) return undefined;
    let dir = parent;
    while (!this.realDirectories.has(dir) && this.isLexicallyInside(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const real = this.realDirectories.get(dir);
    if (real === undefined || !this.containsRealPath(real)) return undefined;
    if (dir === parent) return real;
    const walked = resolveWritten(real, parent.slice(withSep(dir).length), this.boundaries);
    if (walked.kind !== 'real' || this.gitDirectoryPart(walked.real) !== undefined) return undefined;
    this.realDirectories.set(parent, walked.real);
    return walked.real;
  }

  /** A resolution into git's directory (`inGitDirectory`) is, for what a file of the repository names, outside the repository. */
  private withoutGitDirectory(resolution: InsideResolution, written: string): InsideResolution {
    return resolution.kind === 'real' && this.gitDirectoryPart(resolution.real) !== undefined ? { kind: 'outside', target: written } : resolution;
  }

  /**
   * Where a path that a file of the repository names leads (a nested template's `TemplateURL`, an
   * `AWS::Include` `Location`): as `resolvePath`, from the naming file's directory. `written` is
   * absolute or relative to that directory.
   */
  resolveNamed(namingFile: string, written: string): InsideResolution {
    const realDir = this.realDirectory(dirname(resolve(namingFile)));
    if (realDir === undefined || !this.containsRealPath(realDir)) return { kind: 'outside', target: written };
    return this.withoutGitDirectory(resolveWritten(realDir, written, this.boundaries), written);
  }

  /** The part of `path` below the repository that holds it (lexically or as a real path), when that lies in git's own directory (`inGitDirectory`). */
  protected gitDirectoryPart(path: string): string | undefined {
    const below = this.belowRepository(path);
    return inGitDirectory(below) ? below : undefined;
  }

  /** The part of `path` below the repository that holds it (lexically or as a real path); `path` itself outside every one. */
  private belowRepository(path: string): string {
    const prefix = this.lexicalPrefixes.find((candidate) => path.startsWith(candidate));
    return prefix === undefined ? path : path.slice(prefix.length);
  }
}
