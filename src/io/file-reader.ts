/**
 * The one door every file credlint reads goes through (sources, variables files, config, ignore
 * files, manifests, nested templates, creation traces, baselines). A pull request must not make
 * credlint read and print files from elsewhere on the CI machine (docs/security.md), so the door
 * opens only for a regular file, within the size limit, whose real path (symlinks resolved) is inside
 * the repository being scanned. Anything else is refused with a `note` naming the path, before a
 * single byte is read.
 *
 * Several scanned paths may belong to different repositories: a file is inside when it is inside the
 * repository of any of them (each path's git root, else the path), because the person running credlint
 * chose every one of them.
 *
 * A path the person running credlint wrote (`--var-file`, `--config`, `--baseline`, the same options
 * of `lint()`) is trusted as written, even outside the repository; but one that lies inside the
 * repository is repository content as far as symlinks go: its real path must be inside too. Nothing a
 * file in the repository names (a config file's `varFiles`, module sources, `TemplateURL`s, manifest
 * entries, creation traces, imports) is trusted.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { note, parseError, type Diagnostic } from '../core/diagnostic.js';
import { FILE_START, range } from '../core/location.js';
import { decodeSource, NO_FOLLOW, readBytes, type ReadBytesResult, type ReadSourceResult } from './read-source.js';
import { resolveInside, resolveWritten, type InsideResolution } from './resolve-inside.js';

/**
 * `real`: where a refused path leads, for the note: outside, as the links spell it (`resolve-inside.ts`);
 * into git's directory, relative to the repository (`.git/config`).
 */
export type ReaderBytesResult =
  | ReadBytesResult
  | {
      readonly ok: false;
      readonly reason: 'outside the repository' | 'in the git directory';
      readonly real: string;
      /** The file is itself a symlink leading out: its note is the walk's (`linkLeadingOut`), so that the link is explained once. */
      readonly link?: boolean;
    };

export interface ReadOptions {
  /** The path was written by the person running credlint (see above). */
  readonly trusted?: boolean;
  /** A lower size limit than the scan's for this read. */
  readonly maxBytes?: number;
  /** Read at most the size limit from the start of a larger file instead of refusing it. */
  readonly head?: boolean;
  /** credlint's own read of a file of git's directory (`.git/index`, `.git/info/exclude`; see `inGitDirectory`). */
  readonly gitMetadata?: boolean;
}

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
function absolutePath(file: string): string {
  return sep === '/' && file.charCodeAt(0) === 0x2f && !/\/\.{0,2}(?:\/|$)/.test(file) ? file : resolve(file);
}

function withSep(dir: string): string {
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

export class FileReader {
  /** Prefixes (with a trailing separator) of the repositories, as given and as real paths. */
  private readonly lexicalPrefixes: readonly string[];
  private readonly realPrefixes: readonly string[];
  /** Each repository's prefix as given → as a real path, where they differ. */
  private readonly givenToReal: readonly (readonly [string, string])[];
  /** Directory → its real path (undefined when it cannot be resolved). The walk seeds it. */
  private readonly realDirectories = new Map<string, string | undefined>();
  /** Files read as text through `readSource` (→ whether trusted): the only ones whose text may be shown (`displaySource`). */
  private readonly readAsText = new Map<string, boolean>();
  /** Bytes a caller read and expects to be read again as text (`retain`), until that read takes them. */
  private readonly retained = new Map<string, Buffer>();

  /**
   * @param roots the repositories (absolute directories) of the scanned paths.
   * @param maxFileBytes the size limit (`--max-file-size`).
   */
  constructor(
    roots: readonly string[],
    readonly maxFileBytes: number,
  ) {
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
    const absolute = resolve(path);
    if (!this.isLexicallyInside(absolute)) return true;
    let dir = dirname(absolute);
    while (!this.realDirectories.has(dir) && this.isLexicallyInside(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const real = this.realDirectories.get(dir);
    const resolution =
      real !== undefined && this.containsRealPath(real)
        ? resolveWritten(real, absolute.slice(withSep(dir).length), this.boundaries)
        : this.resolvePath(absolute);
    return resolution.kind !== 'error';
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
  private resolveFollowed(path: string): InsideResolution {
    const absolute = resolve(path);
    // A path inside is followed from its repository's real path (a repository given through a symlink:
    // macOS's /var is /private/var), and a target outside is spelled from the file's directory (`../../elsewhere`), as a link's is: not as the real path above the
    // repository, which would show the machine's directory layout in the note.
    const prefix = this.lexicalPrefixes.find((candidate) => absolute.startsWith(candidate));
    if (prefix === undefined) return resolveWritten(sep, absolute, this.boundaries);
    const realPrefix = this.givenToReal.find(([given]) => given === prefix)?.[1] ?? prefix;
    return resolveWritten(realPrefix, absolute.slice(prefix.length), this.boundaries, relative(dirname(absolute), prefix) || '.');
  }

  /** A resolution into git's directory (`inGitDirectory`) is, for what a file of the repository names, outside the repository. */
  private withoutGitDirectory(resolution: InsideResolution, written: string): InsideResolution {
    return resolution.kind === 'real' && inGitDirectory(this.belowRepository(resolution.real)) ? { kind: 'outside', target: written } : resolution;
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

  /**
   * The bytes of a file, through the door (see the file comment). Valid only until the next read:
   * one buffer is reused (`readBytes`). A file lexically inside the repository costs no system call
   * beyond the four of the read itself once its directory's real path is known: the open refuses to
   * follow a symlink in the last component, and only then is the file's real path resolved.
   */
  readBytes(file: string, options: ReadOptions = {}): ReaderBytesResult {
    const absolute = absolutePath(file);
    const maxBytes = options.maxBytes ?? this.maxFileBytes;
    const head = options.head ?? false;
    const gitMetadata = options.gitMetadata ?? false;
    if (!gitMetadata && this.isLexicallyInside(absolute) && inGitDirectory(this.belowRepository(absolute))) {
      return { ok: false, reason: 'in the git directory', real: this.belowRepository(absolute) };
    }
    if (!this.isLexicallyInside(absolute)) {
      if (options.trusted) return readBytes(absolute, maxBytes, { head });
      return this.readResolved(absolute, maxBytes, head, gitMetadata);
    }
    if (NO_FOLLOW === undefined) return this.readResolved(absolute, maxBytes, head, gitMetadata);
    const dir = dirname(absolute);
    const realDir = this.realDirectory(dir);
    // A directory that does not resolve, or resolves outside (a link leading out): followed one component
    // at a time, so that the refusal is the same whether the link's target exists.
    if (realDir === undefined || !this.containsRealPath(realDir)) return this.readResolved(absolute, maxBytes, head, gitMetadata);
    // The walk's paths are mostly real already: the same string then.
    const real = realDir === dir ? absolute : withSep(realDir) + basename(absolute);
    if (!this.containsRealPath(real)) return { ok: false, reason: 'outside the repository', real };
    if (!gitMetadata && inGitDirectory(this.belowRepository(real))) return { ok: false, reason: 'in the git directory', real: this.belowRepository(real) };
    const read = readBytes(real, maxBytes, { noFollow: true, head });
    // ELOOP: the file itself is a symlink.
    if (!read.ok && read.reason === 'cannot read' && read.code === 'ELOOP') {
      const followed = this.readResolved(absolute, maxBytes, head, gitMetadata);
      return !followed.ok && followed.reason === 'outside the repository' ? { ...followed, link: true } : followed;
    }
    return read;
  }

  /**
   * Follows every symlink of the path one component at a time, never past the repository's edge
   * (`resolvePath`): outside is refused unread, and said the same way whether the target exists. A
   * `realpath` here told a link to an absent file outside ('cannot read', ENOENT) from one to a present
   * file ('outside the repository', naming the machine's real path behind it).
   */
  private readResolved(absolute: string, maxBytes: number, head: boolean, gitMetadata = false): ReaderBytesResult {
    // A link into git's own directory is refused below as such, naming where it leads (not as leading "outside" to itself).
    const resolution = this.resolveFollowed(absolute);
    if (resolution.kind === 'outside') return { ok: false, reason: 'outside the repository', real: resolution.target };
    if (resolution.kind === 'error') return { ok: false, reason: 'cannot read', code: resolution.code };
    if (!gitMetadata && inGitDirectory(this.belowRepository(resolution.real))) {
      return { ok: false, reason: 'in the git directory', real: this.belowRepository(resolution.real) };
    }
    return readBytes(resolution.real, maxBytes, { head });
  }

  /** The part of `path` below the repository that holds it (lexically or as a real path); `path` itself outside every one. */
  private belowRepository(path: string): string {
    const prefix = this.lexicalPrefixes.find((candidate) => path.startsWith(candidate));
    return prefix === undefined ? path : path.slice(prefix.length);
  }

  /**
   * A source file as text for a loader. Never throws. Refused (outside the repository, not a regular
   * file): a `note` naming the path. Unreadable, over the size limit, binary or invalid UTF-8: a
   * `parse-error` at the offending position. A leading BOM is removed.
   *
   * Synchronous file system calls inside: the engine reads thousands of small files one after another,
   * and each async call's round trip through libuv's thread pool costs more than the read itself.
   */
  readSource(file: string, options: ReadOptions = {}): ReadSourceResult {
    const read = this.takeRetained(file, options) ?? this.readBytes(file, options);
    if (!read.ok) return { ok: false, diagnostic: refusal(file, read, options.maxBytes ?? this.maxFileBytes) };
    const decoded = decodeSource(file, read.bytes);
    if (decoded.ok) {
      const key = absolutePath(file);
      this.readAsText.set(key, (options.trusted ?? false) || this.readAsText.get(key) === true);
    }
    return decoded;
  }

  /**
   * The text of `file` (`readSource`) for a reader that only needs to know whether a file is there and
   * what it says: undefined when it is not there (`exists`), null when it is there but cannot be read.
   */
  textIfPresent(file: string): string | null | undefined {
    if (!this.exists(file)) return undefined;
    const read = this.readSource(file);
    return read.ok ? read.text : null;
  }

  /**
   * Keeps a copy of bytes just read with the default options (`readBytes(file)`), because a loader
   * is expected to read the file as text soon (the prefilter found it relevant): the next default
   * `readSource(file)` takes them instead of opening the file again, so that a file is read once per
   * scan. Taken once; what is never taken is dropped by `dropRetained`.
   */
  retain(file: string, bytes: Buffer): void {
    this.retained.set(absolutePath(file), Buffer.from(bytes));
  }

  /** Forgets every retained copy (the loaders have read what they wanted). */
  dropRetained(): void {
    this.retained.clear();
  }

  private takeRetained(file: string, options: ReadOptions): ReaderBytesResult | undefined {
    if (this.retained.size === 0 || options.maxBytes !== undefined || options.head === true) return undefined;
    const key = absolutePath(file);
    const bytes = this.retained.get(key);
    if (bytes === undefined) return undefined;
    this.retained.delete(key);
    return { ok: true, bytes };
  }

  /**
   * The text of a file for a code frame or snippet: only a file this scan read as text (so inside the
   * repository, or trusted), read again through the door; undefined for any other file.
   */
  displaySource(file: string): string | undefined {
    const trusted = this.readAsText.get(absolutePath(file));
    if (trusted === undefined) return undefined;
    const read = this.readSource(file, { trusted });
    return read.ok ? read.text : undefined;
  }
}

/**
 * The note of a symlink not followed because it leads out of the repository, `target` spelled as the
 * links spell it (`resolve-inside.ts`). One wording wherever such a link is met (the walk, a root
 * module's variables files, a called module's files), so that the engine keeps one note per link: a
 * symlinked `terraform.tfvars` was explained twice, by the walk and by the variables loader.
 */
export function linkLeadingOut(file: string, target: string): Diagnostic {
  return note({ file, range: FILE_START }, `symlink not followed: its target ${target} is outside the repository`);
}

/**
 * The diagnostic for a read that failed: refusals are notes, the rest parse errors. The note is at
 * the file, which every output format names relative to the current directory or the repository
 * root; the message does not repeat the path, which here is absolute: a CI log must not show the
 * machine's directory layout (`/home/runner/work/...`) to whoever sent the pull request.
 */
export function refusal(file: string, read: Exclude<ReaderBytesResult, { ok: true }>, maxBytes: number) {
  const at = { file, range: range(1, 1, 1, 2) };
  switch (read.reason) {
    case 'outside the repository':
      if (read.link === true) return linkLeadingOut(file, read.real);
      return note(at, `not read: it leads outside the repository being scanned (to ${read.real})`);
    case 'in the git directory':
      return note(at, `not read: it leads into git's own directory (${read.real}), which holds no file of the repository`);
    case 'not a regular file':
      return note(at, `not read: it is not a regular file`);
    case 'too large':
      return parseError(at, `file is ${read.size} bytes, over the ${maxBytes}-byte limit (--max-file-size)`);
    default:
      // A file named on the command line (`--config`, `--var-file`) that is not there: said in words,
      // as a missing path is, rather than as a system error code.
      return parseError(at, read.code === 'ENOENT' ? 'file does not exist' : `cannot read file (${read.code ?? 'error'})`);
  }
}
