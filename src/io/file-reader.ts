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
import { basename, dirname } from 'node:path';
import { note, parseError, type Diagnostic } from '../core/diagnostic.js';
import { FILE_START, range } from '../core/location.js';
import { decodeSource, NO_FOLLOW, readBytes, type DecodeOptions, type ReadBytesResult, type ReadSourceResult } from './read-source.js';
import { absolutePath, RepositoryBoundary, withSep } from './repository-boundary.js';

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

export interface ReadOptions extends DecodeOptions {
  /** The path was written by the person running credlint (see above). */
  readonly trusted?: boolean;
  /** A lower size limit than the scan's for this read. */
  readonly maxBytes?: number;
  /** Read at most the size limit from the start of a larger file instead of refusing it. */
  readonly head?: boolean;
  /** credlint's own read of a file of git's directory (`.git/index`, `.git/info/exclude`; see `inGitDirectory`). */
  readonly gitMetadata?: boolean;
}
/** Reads through the repository's edge (`RepositoryBoundary`), within the size limit. */
export class FileReader extends RepositoryBoundary {
  /**
   * Files read as text through `readSource` (→ whether trusted, and whether a NUL was text): the only
   * ones whose text may be shown (`displaySource`), read again as they were read.
   */
  private readonly readAsText = new Map<string, { readonly trusted: boolean; readonly nulIsText: boolean }>();
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
    super(roots);
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
    const lexicallyInGit = this.isLexicallyInside(absolute) ? this.gitDirectoryRefusal(absolute, gitMetadata) : undefined;
    if (lexicallyInGit) return lexicallyInGit;
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
    const realInGit = this.gitDirectoryRefusal(real, gitMetadata);
    if (realInGit) return realInGit;
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
    return this.gitDirectoryRefusal(resolution.real, gitMetadata) ?? readBytes(resolution.real, maxBytes, { head });
  }

  /** The refusal of a path into git's own directory (`gitDirectoryPart`), unless the read is credlint's own of git's metadata. */
  private gitDirectoryRefusal(path: string, gitMetadata: boolean): ReaderBytesResult | undefined {
    const below = gitMetadata ? undefined : this.gitDirectoryPart(path);
    return below === undefined ? undefined : { ok: false, reason: 'in the git directory', real: below };
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
    const decoded = decodeSource(file, read.bytes, options);
    if (decoded.ok) {
      const key = absolutePath(file);
      const before = this.readAsText.get(key);
      this.readAsText.set(key, {
        trusted: (options.trusted ?? false) || before?.trusted === true,
        nulIsText: (options.nulIsText ?? false) || before?.nulIsText === true,
      });
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
    const readBefore = this.readAsText.get(absolutePath(file));
    if (readBefore === undefined) return undefined;
    const read = this.readSource(file, readBefore);
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
