import path from 'node:path';
import { note, type Diagnostic } from '../core/diagnostic.js';
import { FILE_START } from '../core/location.js';
import { CONFIG_FILE_NAMES } from './load-config.js';

const NAMES = new Set(CONFIG_FILE_NAMES);

/**
 * A configuration file found by the scan's walk that the run does not read. The CLI reads one
 * configuration, found from the current directory up (README, "Configuration"), so `credlint infra`
 * from the repository root passes over `infra/credlint.config.json` — where ESLint 10, which looks up
 * from each file, would use it — and its `vars` or `rules` silently do not apply: the scan's verdict
 * is not the one `cd infra && credlint` gives. A note (it never changes the exit code) says so.
 */
export function unusedConfigFiles(
  scan: { readonly files: readonly string[]; readonly given: readonly string[]; readonly holdsFile: (file: string) => boolean },
  used: string | undefined,
  cwd: string,
): Diagnostic[] {
  const found = new Set(scan.files.filter((file) => NAMES.has(path.basename(file))));
  // A file argument (what pre-commit passes) brings in its unit's files only: the configuration files of
  // the directories between it and the current directory are looked for by name. Pre-commit passes
  // thousands of files in a large change, most in a few directories: the scan's files are looked up in
  // a set, and each directory is looked in once. Only a regular file (or a link to one) is a
  // configuration file: a directory or a FIFO bearing the name was noted as one.
  const scanned = new Set(scan.files);
  const searched = new Set<string>();
  for (const given of scan.given.filter((file) => scanned.has(file))) {
    for (let dir = path.dirname(given); dir !== cwd && isInside(cwd, dir) && !searched.has(dir); dir = path.dirname(dir)) {
      searched.add(dir);
      for (const name of NAMES) if (scan.holdsFile(path.join(dir, name))) found.add(path.join(dir, name));
    }
  }
  const usedNote = used === undefined ? 'none was found there' : `it reads ${path.relative(cwd, used).split(path.sep).join('/')}`;
  return [...found]
    .filter((file) => file !== used)
    .map((file) =>
      note(
        { file, range: FILE_START },
        `configuration file not used: credlint reads the one found from the current directory up to the repository root (${usedNote}); run credlint from this directory, or pass --config`,
      ),
    );
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
