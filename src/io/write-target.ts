/**
 * Where credlint may write a file that the person running it named: a report (`--output-file`,
 * `--output`), a baseline (`--write-baseline`, `--prune-baseline`). Like `--config`, such a path is
 * trusted as written, except inside the repository being scanned, where a pull request decides what
 * the path is (docs/security.md): it can commit `credlint.sarif` (the GitHub action's default report)
 * as a symlink to a file elsewhere on the CI machine, or `reports` as a link to another directory, and
 * opening the path for writing would follow the link and overwrite or create a file outside. So, as
 * for reads, a path inside the repository must resolve inside it: the path itself when it exists
 * (a link is followed to its end), else its nearest existing ancestor (the directories created below
 * it are then inside). A link whose target does not exist would make the write create that target,
 * wherever it is: refused too.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FileReader } from './file-reader.js';

/** Why writing `file` would leave the repository (a sentence naming where it leads), or undefined when it may be written. */
export function writeLeavesRepository(file: string, reader: FileReader): string | undefined {
  const absolute = resolve(file);
  if (!reader.isLexicallyInside(absolute)) return undefined;
  for (let path = absolute; ; path = dirname(path)) {
    if (!exists(path)) {
      if (dirname(path) === path) return undefined;
      continue;
    }
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch {
      return `${path} is a symbolic link whose target does not exist`;
    }
    return reader.containsRealPath(real) ? undefined : `it leads outside the repository being scanned (to ${real})`;
  }
}

/** Whether something (a file, a directory, a link, dangling or not) is at `path`. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
