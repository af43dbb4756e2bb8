/**
 * The deployment units a changed file belongs to (a file argument, e.g. from pre-commit, which passes
 * only the changed files). A Terraform child module is analysed with the root modules that call it,
 * because its findings depend on the inputs they pass (and the user, login profile and key of one
 * finding may sit in different modules of the same root); a nested-stack template likewise with its
 * parent templates. So for each such file argument the scan adds its ancestors: the module directories
 * that call its directory, and the templates that nest it, transitively, within its repository.
 *
 * The search is lexical and cheap, as the relevance prefilter's (`module-calls.ts`): the repository's
 * files were walked once (with the walk's ignore and symlink rules), each candidate is read once
 * through the scan's `FileReader` (so nothing outside the repository is ever read), scanned for
 * module sources or nested template paths without parsing, and the reverse graph is searched from the
 * changed file. Cycles end (every node is visited once), and the deadline is checked between reads.
 */
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Deadline } from '../core/deadline.js';
import type { FileReader } from '../io/file-reader.js';
import { modulesJsonDirectories, readHclBuffer, readJsonText } from './module-calls.js';
import { bytesHoldSeed, decodeEscapes, hasEscapeMarker, NESTED_STACK_SEEDS } from './relevance-words.js';

/** Files Terraform reads as one module directory (configuration and variables files). */
const TERRAFORM_CONFIGURATION = /\.tf(?:\.json)?$/;
/** The files of a module directory: configuration, and the variables files a root module reads. */
const MODULE_FILE = /\.(?:tf|tfvars)(?:\.json)?$/;
/** Files a nested template may be, as the walk collects them. */
const TEMPLATE_CANDIDATE = /\.(?:json|ya?ml|template)$/;

/** Reads are interleaved with a deadline check every this many files (one clock read each). */
const DEADLINE_CHECK_EVERY = 64;

/** What a search found. */
export interface AncestorSearch {
  /** Ancestor files to scan with the file arguments (listed paths, as the walk found them). */
  readonly files: readonly string[];
  /** The search stopped at the scan deadline: the ancestors found so far are still added. */
  readonly deadlinePassed: boolean;
}

/** `realpath`, remembered; a path that does not resolve stands for itself. */
class RealPaths {
  private readonly known = new Map<string, string>();

  of(path: string): string {
    let real = this.known.get(path);
    if (real === undefined) {
      try {
        real = realpathSync.native(path);
      } catch {
        real = path;
      }
      this.known.set(path, real);
    }
    return real;
  }
}

/** Visits every node reachable from `starts` through `parents` once (cycles end) and returns them, starts excluded. */
function ancestors(starts: readonly string[], parents: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const found = new Set<string>();
  const pending = [...starts];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const parent of parents.get(node) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      found.add(parent);
      pending.push(parent);
    }
  }
  return found;
}

function addEdge(parents: Map<string, string[]>, child: string, parent: string): void {
  const list = parents.get(child);
  if (list) list.push(parent);
  else parents.set(child, [parent]);
}

/**
 * Local module calls of one directory's `.tf`/`.tf.json` files (resolved from the directory as
 * listed), and the directories `.terraform/modules/modules.json` maps. A file without the word
 * `source` calls nothing: it is not decoded (most files in a large repository).
 */
function moduleCalls(dir: string, files: readonly string[], reader: FileReader): string[] {
  const calls: string[] = [];
  let hasModules = false;
  for (const file of files) {
    const read = reader.readBytes(file);
    if (!read.ok) continue;
    if (!read.bytes.includes('source', 0, 'latin1')) {
      hasModules ||= read.bytes.includes('module', 0, 'latin1');
      continue;
    }
    const facts = file.endsWith('.json') ? readJsonText(read.bytes.toString('utf8')) : readHclBuffer(read.bytes);
    hasModules ||= facts.hasModules;
    for (const source of facts.localSources) calls.push(resolve(dir, source));
  }
  if (hasModules) calls.push(...modulesJsonDirectories(dir, reader));
  return calls;
}

/**
 * The Terraform module directories that call (transitively) the directories of `changed`, through
 * local `source`s and `.terraform/modules/modules.json`, among the `walked` files (real path → path as
 * listed); returned as their `.tf`/`.tf.json`/`.tfvars[.json]` files. Directories are compared by
 * real path, so a module reached through a symlink is the directory it links to.
 */
export function terraformCallers(
  changed: readonly string[],
  walked: ReadonlyMap<string, string>,
  reader: FileReader,
  deadline: Deadline | undefined,
): AncestorSearch {
  const real = new RealPaths();
  /** Real directory → its path as listed and its files. */
  const directories = new Map<string, { readonly listed: string; readonly files: string[] }>();
  for (const [realFile, file] of walked) {
    if (!MODULE_FILE.test(file)) continue;
    const realDir = dirname(realFile);
    const entry = directories.get(realDir);
    if (entry) entry.files.push(file);
    else directories.set(realDir, { listed: dirname(file), files: [file] });
  }
  const callers = new Map<string, string[]>();
  let read = 0;
  let deadlinePassed = false;
  for (const [realDir, { listed, files }] of directories) {
    const configuration = files.filter((file) => TERRAFORM_CONFIGURATION.test(file));
    read += configuration.length;
    if (read >= DEADLINE_CHECK_EVERY) {
      read = 0;
      if (deadline?.expired()) {
        deadlinePassed = true;
        break;
      }
    }
    // A callee outside the repository is never the changed file's directory (which is inside): its edge is never followed.
    for (const callee of moduleCalls(listed, configuration, reader)) addEdge(callers, real.of(callee), realDir);
  }
  const found = ancestors([...new Set(changed.map((file) => real.of(dirname(file))))], callers);
  return { files: [...found].flatMap((dir) => directories.get(dir)?.files ?? []), deadlinePassed };
}

/** Properties naming a nested stack's template (`AWS::CloudFormation::Stack`; SAM `AWS::Serverless::Application`). */
const TEMPLATE_PROPERTY_VALUE = /(?:TemplateURL|Location)["']?[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'{[!&*|>#,][^\n#,}]*))/g;

/**
 * The local template paths a template's text names in `TemplateURL`/`Location`, as the loader follows
 * them (`src/cloudformation/nested-template-path.ts`: a literal that is not a URL, relative to the
 * template's directory). Another resource's `Location` adds an edge too, which only adds a template
 * that names the file to the scan. Escapes are decoded first.
 */
export function namedTemplatePaths(raw: string): string[] {
  const text = hasEscapeMarker(raw) ? decodeEscapes(raw) : raw;
  const paths: string[] = [];
  for (const match of text.matchAll(TEMPLATE_PROPERTY_VALUE)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (value === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    paths.push(value);
  }
  return paths;
}

/**
 * The templates that nest (transitively) the templates `changed`, among the `walked` files (real path
 * → path as listed). Only a file naming a nested stack type is decoded and scanned for paths.
 */
export function templateParents(
  changed: readonly string[],
  walked: ReadonlyMap<string, string>,
  reader: FileReader,
  deadline: Deadline | undefined,
): AncestorSearch {
  const real = new RealPaths();
  const parents = new Map<string, string[]>();
  const listedByReal = new Map<string, string>();
  let deadlinePassed = false;
  let index = 0;
  for (const [parent, file] of walked) {
    index += 1;
    if (index % DEADLINE_CHECK_EVERY === 0 && deadline?.expired()) {
      deadlinePassed = true;
      break;
    }
    if (!TEMPLATE_CANDIDATE.test(file)) continue;
    const read = reader.readBytes(file);
    if (!read.ok || !bytesHoldSeed(read.bytes, NESTED_STACK_SEEDS)) continue;
    listedByReal.set(parent, file);
    for (const path of namedTemplatePaths(read.bytes.toString('utf8'))) addEdge(parents, real.of(resolve(dirname(file), path)), parent);
  }
  const found = ancestors([...new Set(changed.map((file) => real.of(file)))], parents);
  return { files: [...found].map((parent) => listedByReal.get(parent) ?? parent), deadlinePassed };
}
