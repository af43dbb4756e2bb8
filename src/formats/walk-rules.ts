/**
 * What the registered formats tell the directory walk (`src/discover/discover-files.ts`, which knows
 * no format): which files to collect, what a file argument stands for, and where its ancestors are.
 */
import type { AncestorFinder, ArgumentUnit, WalkRules } from '../discover/walk-rules.js';
import type { FileReader } from '../io/file-reader.js';
import { formats } from './index.js';

const finders: readonly AncestorFinder[] = formats.flatMap((format) => (format.ancestors ? [format.ancestors] : []));

export const walkRules: WalkRules = {
  /** Whether some format wants files of this name. */
  collects: (name: string): boolean => formats.some((format) => format.collects(name)),
  /** Whether some format reads a file of this name as part of its directory. */
  belongsToDirectory: (name: string): boolean => formats.some((format) => format.belongsToDirectory?.(name) === true),
  /** The directories whose files belong with a file argument, for every format. */
  argumentUnits: (file: string, gitRoot: string | undefined, reader: FileReader): readonly ArgumentUnit[] =>
    formats.flatMap((format) => format.argumentUnit?.(file, gitRoot, reader) ?? []),
  /** The ancestor searches of the formats, in registry order. */
  ancestorFinders: finders,
  /** The formats' working directories (never scanned), with what they are. */
  workingDirectories: new Map(formats.flatMap((format) => Object.entries(format.workingDirectories ?? {}))),
};
