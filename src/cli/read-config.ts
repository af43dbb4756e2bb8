import { ConfigRefused, findConfigFile, loadConfigFile, type CredlintConfig } from '../config/load-config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { FileReader } from '../io/file-reader.js';
import { outputPath } from '../reporters/relative-path.js';

/**
 * The configuration: `--config` is trusted as written (its `varFiles` too, unless the file is inside
 * the repository); one found automatically (from the current directory up to its repository root)
 * is repository content: its `varFiles` must lie inside the repository, and a config file the reader
 * refuses (a symlink leading outside, a device) is skipped with a note.
 */
export function readConfig(
  given: string | undefined,
  cwd: string,
  cwdRoot: string,
  reader: FileReader,
): { config: CredlintConfig | undefined; file?: string; trustedVarFiles: boolean; notes: Diagnostic[] } {
  const file = given ?? findConfigFile(cwd, cwdRoot, (candidate) => reader.exists(candidate));
  if (file === undefined) return { config: undefined, trustedVarFiles: false, notes: [] };
  try {
    const config = loadConfigFile(file, reader, { trusted: given !== undefined, shown: outputPath(cwd, file) });
    return { config, file, trustedVarFiles: given !== undefined && !reader.isInside(file), notes: [] };
  } catch (error) {
    if (!(error instanceof ConfigRefused) || given !== undefined) throw error;
    return { config: undefined, trustedVarFiles: false, notes: [error.diagnostic] };
  }
}
