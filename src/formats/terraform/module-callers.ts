/**
 * The deployment units a changed file belongs to (a file argument, e.g. from pre-commit, which passes
 * only the changed files). A Terraform child module is analysed with the root modules that call it,
 * because its findings depend on the inputs they pass (and the user, login profile and key of one
 * finding may sit in different modules of the same root); a nested-stack template likewise with its
 * parent templates (`src/formats/cloudformation/template-parents.ts`). So for each such file argument the scan adds its ancestors: the module directories
 * that call its directory, and the templates that nest it, transitively, within its repository.
 *
 * The search is lexical and cheap, as the relevance prefilter's (`module-calls.ts`): the repository's
 * files were walked once (with the walk's ignore and symlink rules), each candidate is read once
 * through the scan's `FileReader` (so nothing outside the repository is ever read), scanned for
 * module sources or nested template paths without parsing, and the reverse graph is searched from the
 * changed file. Cycles end (every node is visited once), and the deadline is checked between reads.
 */
import { dirname, resolve, sep } from 'node:path';
import type { Deadline } from '../../core/deadline.js';
import type { FileReader } from '../../io/file-reader.js';
import { modulesJsonDirectories, readHclBuffer, readJsonText } from './module-calls.js';
import type { AncestorSearch } from '../../discover/walk-rules.js';
import { addEdge, ancestors, DEADLINE_CHECK_EVERY, RealPaths } from '../ancestor-graph.js';
import { appendAll } from '../../core/append-all.js';
import { isConfigurationFile } from '../../terraform/configuration-files.js';

/** The files of a module directory: configuration, and the variables files a root module reads. */
export const MODULE_FILE = /\.(?:tf|tofu|tfvars)(?:\.json)?$/;

/** Only the calls matter here, not whether a file holds a seed word. */
const NO_SEEDS: readonly string[] = [];

/**
 * Local module calls of one directory's `.tf`/`.tf.json` files (resolved from the directory as
 * listed), and the directories `.terraform/modules/modules.json` maps. A file without the word
 * `source` calls nothing: it is not decoded (most files in a large repository).
 */
function moduleCalls(dir: string, files: readonly string[], reader: FileReader): { readonly calls: readonly string[]; readonly under: readonly string[] } {
  // Most directories call nothing: no arrays are made for them.
  let calls: string[] | undefined;
  let under: string[] | undefined;
  let hasModules = false;
  for (const file of files) {
    const read = reader.readBytes(file);
    if (!read.ok) continue;
    // A `.tf.json` key may be written with `\u` escapes (`"\u0073ource"`), which no byte test of the
    // word sees: such a file is parsed.
    const json = file.endsWith('.json');
    const escaped = json && read.bytes.includes('\\u', 0, 'latin1');
    if (!escaped && !read.bytes.includes('source', 0, 'latin1')) {
      hasModules ||= read.bytes.includes('module', 0, 'latin1');
      continue;
    }
    // A `.tf.json` file calls a module only under a `"module"` key; without one (or an escape) it calls
    // nothing and declares no module, and is not parsed (most such files hold `source` only in
    // `"resource"`, and `module` only in `path.module`).
    if (json && !escaped && !read.bytes.includes('"module"', 0, 'latin1')) continue;
    const facts = json ? readJsonText(read.bytes.toString('utf8'), NO_SEEDS) : readHclBuffer(read.bytes, NO_SEEDS);
    hasModules ||= facts.hasModules;
    for (const source of facts.localSources) (calls ??= []).push(resolve(dir, source));
    for (const path of facts.computedPaths ?? []) (under ??= []).push(resolve(dir, path));
  }
  if (hasModules) {
    const listed = modulesJsonDirectories(dir, reader);
    if (listed.length > 0) appendAll((calls ??= []), listed);
  }
  return { calls: calls ?? NONE, under: under ?? NONE };
}

const NONE: readonly string[] = [];

/**
 * The Terraform module directories that call (transitively) the directories of `changed`, through
 * local `source`s and `.terraform/modules/modules.json`, among the `walked` files (real path → path as
 * listed); returned as their `.tf`/`.tf.json`/`.tfvars[.json]` files. Directories are compared by
 * real path, so a module reached through a symlink is the directory it links to. A directory that
 * links a changed file in (`links`: a shared `globals.tf` symlinked into a stack) holds that file as
 * one of its own, so it and its callers are returned too.
 */
export function terraformCallers(
  changed: readonly string[],
  walked: ReadonlyMap<string, string>,
  reader: FileReader,
  deadline: Deadline | undefined,
  links: ReadonlyMap<string, string> = new Map(),
): AncestorSearch {
  const real = new RealPaths((dir) => reader.knownRealDirectory(dir));
  /** Real directory → its path as listed, its files, and those Terraform reads as configuration. */
  const directories = new Map<string, { readonly listed: string; readonly files: string[]; readonly configuration: string[] }>();
  for (const [realFile, file] of walked) {
    if (!MODULE_FILE.test(file)) continue;
    const realDir = dirname(realFile);
    let entry = directories.get(realDir);
    if (entry === undefined) {
      entry = { listed: realFile === file ? realDir : dirname(file), files: [], configuration: [] };
      directories.set(realDir, entry);
    }
    entry.files.push(file);
    if (isConfigurationFile(file)) entry.configuration.push(file);
  }
  const callers = new Map<string, string[]>();
  let read = 0;
  let deadlinePassed = false;
  for (const [realDir, { listed, configuration }] of directories) {
    read += configuration.length;
    if (read >= DEADLINE_CHECK_EVERY) {
      read = 0;
      if (deadline?.expired()) {
        deadlinePassed = true;
        break;
      }
    }
    // A callee outside the repository is never the changed file's directory (which is inside): its edge is never followed.
    const { calls, under } = moduleCalls(listed, configuration, reader);
    for (const callee of calls) addEdge(callers, real.of(callee), realDir);
    // A source computed early may extend a quoted path (`"${local.modules}/user"`): every directory under it may be called.
    for (const prefix of under) {
      for (const [calleeReal, { listed: calleeListed }] of directories) if (calleeListed.startsWith(prefix + sep)) addEdge(callers, calleeReal, realDir);
    }
  }
  const changedFiles = new Set(changed.map((file) => real.of(file)));
  const linking = [...links].filter(([, target]) => changedFiles.has(target)).map(([key]) => dirname(key));
  const starts = new Set([...changed.map((file) => real.of(dirname(file))), ...linking]);
  const found = new Set([...linking, ...ancestors([...starts], callers)]);
  return { files: [...found].flatMap((dir) => directories.get(dir)?.files ?? []), deadlinePassed };
}
