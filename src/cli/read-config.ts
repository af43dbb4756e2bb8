import { ConfigRefused, findConfigFile, loadConfigFile, type CredlintConfig } from '../config/load-config.js';
import path from 'node:path';
import { note, type Diagnostic } from '../core/diagnostic.js';
import { FILE_START } from '../core/location.js';
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
  const ignoreFiles = unreadFiles(cwd, cwdRoot, reader, ['.credlintignore'], IGNORE_FILE_NOT_READ);
  if (file === undefined)
    return { config: undefined, trustedVarFiles: false, notes: [...unreadFiles(cwd, cwdRoot, reader, UNREAD_NAMES, CONFIG_NOT_READ), ...ignoreFiles] };
  try {
    const config = loadConfigFile(file, reader, { trusted: given !== undefined, shown: outputPath(cwd, file) });
    return { config, file, trustedVarFiles: given !== undefined && !reader.isInside(file), notes: ignoreFiles };
  } catch (error) {
    if (!(error instanceof ConfigRefused) || given !== undefined) throw error;
    return { config: undefined, trustedVarFiles: false, notes: [error.diagnostic, ...ignoreFiles] };
  }
}

/**
 * Names a newcomer gives a configuration that credlint never reads: ESLint's `eslint.config.js` shape
 * (`credlint.config.js`, `.mjs`, `.ts`...) and the extensionless `.eslintrc` shape. Without a note,
 * such a file was passed over in silence and its settings did not apply (`No problems found`).
 */
const UNREAD_NAMES = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts']
  .map((ext) => `credlint.config.${ext}`)
  .concat(['.credlintrc', '.credlintrc.js', '.credlintrc.cjs']);

const CONFIG_NOT_READ =
  'configuration file not read: credlint reads credlint.config.json, .credlintrc.json, .credlintrc.yaml or .credlintrc.yml (JSON or YAML, never a JavaScript configuration, which would run code); rename it';
// ESLint 9 stopped reading `.eslintignore` and warns about one; credlint never had an ignore file.
const IGNORE_FILE_NOT_READ =
  'ignore file not read: credlint has no ignore file; put its patterns in the configuration\'s "ignore" (or --ignore-pattern), beside .gitignore, which is honoured';

/** A note for each file of these names in the directories the configuration is looked for in (cwd up to `stop`). */
function unreadFiles(cwd: string, stop: string, reader: FileReader, names: readonly string[], message: string): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (reader.exists(file)) notes.push(note({ file, range: FILE_START }, message));
    }
    if (dir === path.resolve(stop) || path.dirname(dir) === dir || path.relative(stop, dir).startsWith('..')) return notes;
  }
}
