/**
 * What the directory walk asks of the input formats, as interfaces the formats implement
 * (`src/formats/walk-rules.ts` gathers them): the walk itself knows no format.
 */
import type { Deadline } from '../core/deadline.js';
import type { FileReader } from '../io/file-reader.js';

/** A directory whose files belong with a file argument (e.g. the rest of a Terraform module directory). */
export interface ArgumentUnit {
  readonly directory: string;
  /** True: the whole tree under `directory` (walked with the scan's ignore and symlink rules); false: its own entries. */
  readonly recursive: boolean;
  /** Which of those files belong (a path for a recursive unit, else an entry name). */
  readonly includes: (pathOrName: string) => boolean;
}

/** The ancestors found for some changed files. */
export interface AncestorSearch {
  /** Ancestor files to scan with the file arguments (listed paths, as the walk found them). */
  readonly files: readonly string[];
  /** The search stopped at the scan deadline: the ancestors found so far are still added. */
  readonly deadlinePassed: boolean;
}

/**
 * The units a changed file belongs to beyond itself (a file argument, e.g. from pre-commit): a
 * Terraform child module's callers, a nested template's parents.
 */
export interface AncestorFinder {
  /**
   * Whether the search looks at a walked file of this entry name: the walk of the repository lists
   * only these (a `.ts` file is never a Terraform caller nor a template's parent).
   */
  readonly candidate: (name: string) => boolean;
  /** Whether `file` (a file argument) may have ancestors of this format. */
  readonly wants: (file: string, reader: FileReader) => boolean;
  /**
   * The ancestors of `changed` among the `walked` files of their repository (real path → listed
   * path; for a file that belongs to its directory, reached through a symlink from another one, the
   * real path of that directory and the file's name, and `links` maps that key to the file's real
   * path), transitively; stops at the deadline.
   */
  readonly search: (
    changed: readonly string[],
    walked: ReadonlyMap<string, string>,
    reader: FileReader,
    deadline: Deadline | undefined,
    links: ReadonlyMap<string, string>,
  ) => AncestorSearch;
}

/** What the input formats tell the walk (`src/formats/walk-rules.ts`). */
export interface WalkRules {
  /** Whether the walk collects a file of this name. */
  readonly collects: (name: string) => boolean;
  /**
   * Whether a file of this name belongs to the directory it is listed in (a Terraform file is part of
   * the module of its directory): a symlink to it from another directory is listed there too, instead
   * of being merged with its target as one file.
   */
  readonly belongsToDirectory: (name: string) => boolean;
  /** The directories whose files belong with a file argument; whether a file is there is asked of `reader` (`FileReader.exists`). */
  readonly argumentUnits: (file: string, gitRoot: string | undefined, reader: FileReader) => readonly ArgumentUnit[];
  /** Searched for the ancestors of the file arguments when `unitContext` is on, in this order. */
  readonly ancestorFinders: readonly AncestorFinder[];
  /** Directories never scanned, not even when given as a path (a tool's working directory), with what they are. */
  readonly workingDirectories: ReadonlyMap<string, string>;
}
