/**
 * The relevance prefilter (README, "Performance"): hcl2json costs ~1.5 s per MB, and most Terraform in a monorepo
 * never declares an access key. A directory (module) is parsed only when its analysis could produce a
 * finding, decided from the raw text without parsing. It must be sound — never drop a directory
 * whose analysis could produce a finding — so every test below over-approximates.
 */
import { dirname } from 'node:path';
import type { Deadline } from '../../core/deadline.js';
import { prefetchHcl } from '../../terraform/parse-hcl.js';
import { readModuleDirectory, type ModuleDirectoryFacts } from './module-calls.js';
import type { FileReader } from '../../io/file-reader.js';
import { withoutBom } from '../../core/source-text.js';
import { isConfigurationFile, isNativeConfigurationFile } from '../../terraform/configuration-files.js';

/**
 * What the prefilter decided: the files to load, and the directories that matter only for the
 * "not analysed" notes their module calls give (`remote-call-notes.ts` writes those notes from the
 * module blocks alone, without loading the directories).
 */
export interface PrefilterResult {
  /** The `.tf`/`.tf.json` files to load, and every other file given, unchanged. */
  readonly kept: readonly string[];
  /**
   * Directories no kept directory calls and that hold nothing the rules report, but whose module
   * calls may be noted (a registry or git call not downloaded, a missing or empty module
   * directory), with every directory that calls one of them: the note must not depend on the prefilter.
   */
  readonly noteDirectories: ReadonlySet<string>;
  /**
   * Every directory read (scanned or called) whose module calls may lead to a note, kept or not.
   * The calls of any other directory that was read lead to no note.
   */
  readonly callsMayBeNoted: ReadonlySet<string>;
  /** Every directory the prefilter read (scanned, or called and read from disk). */
  readonly read: ReadonlySet<string>;
  /** The scanned configuration files of each directory (directories read from disk are absent). */
  readonly scannedByDirectory: ReadonlyMap<string, readonly string[]>;
}

/**
 * Keeps the `.tf`/`.tf.json` files of the directories whose analysis could produce a finding:
 * those holding one of `seeds` (`words.ts`: the resources the rules report, or a credlint suppression), those calling such a module (local sources, and registry/git sources that
 * `.terraform/modules/modules.json` maps), transitively, and every module those relevant directories
 * call (their outputs can feed the relevant values). Modules outside `files` (e.g. `../modules/x`
 * when only one root was given) are read from disk to decide. Other files pass through unchanged.
 * An unreadable file, or one over the size limit, keeps its directory, so its loader reports it.
 * The directories that may only give a note are returned apart (`noteDirectories`).
 * Every file is read through `reader`.
 */
export async function prefilterTerraformFiles(
  files: readonly string[],
  reader: FileReader,
  seeds: readonly string[],
  deadline?: Deadline,
): Promise<PrefilterResult> {
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    if (!isConfigurationFile(file)) continue;
    const dir = dirname(file);
    const list = byDirectory.get(dir);
    if (list) list.push(file);
    else byDirectory.set(dir, [file]);
  }

  // One node per real directory: a module directory reached through a symlink (`self -> .`, or a link to
  // a parent) is the directory already known, not a new path one level deeper, forever.
  const byRealPath = new Map<string, string>();
  const canonical = (dir: string): string => {
    // The directory walk already resolved the directories it listed: no system call for those.
    const real = reader.realDirectory(dir);
    if (real === undefined) return dir;
    const known = byRealPath.get(real);
    if (known !== undefined) return known;
    byRealPath.set(real, dir);
    return dir;
  };
  for (const dir of byDirectory.keys()) canonical(dir);

  const facts = new Map<string, ModuleDirectoryFacts>();
  const started = new Set<string>();
  const pending = [...byDirectory.keys()];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    if (facts.has(dir)) continue;
    const listed = byDirectory.get(dir);
    const read = readModuleDirectory(dir, listed, reader, seeds);
    const fact = { ...read, calls: read.calls.map(canonical).filter((callee) => callee !== dir) };
    facts.set(dir, fact);
    // Certainly kept: start parsing now rather than after the whole module graph is known.
    if (fact.mayHoldCredentials && listed) prefetch(listed, started, reader, deadline);
    // Let the event loop hand finished parses back and the next files to the workers.
    if (facts.size % 64 === 0) await new Promise((resume) => setImmediate(resume));
    for (const callee of fact.calls) if (!facts.has(callee)) pending.push(callee);
  }

  const callers = new Map<string, string[]>();
  for (const [dir, fact] of facts) {
    for (const callee of fact.calls) {
      const list = callers.get(callee);
      if (list) list.push(dir);
      else callers.set(callee, [dir]);
    }
  }
  // Upward: a directory is relevant if it holds a seed word or calls a relevant one.
  const upward = (starts: readonly string[]): Set<string> => {
    const reached = new Set<string>();
    const up = [...starts];
    while (up.length > 0) {
      const dir = up.pop() as string;
      if (reached.has(dir)) continue;
      reached.add(dir);
      up.push(...(callers.get(dir) ?? []));
    }
    return reached;
  };
  const relevant = upward([...facts].filter(([, fact]) => fact.mayHoldCredentials).map(([dir]) => dir));
  // Downward: everything a relevant directory calls is evaluated with it (users and login profiles
  // declared beside the key's module).
  const kept = new Set<string>();
  const down = [...relevant];
  while (down.length > 0) {
    const dir = down.pop() as string;
    if (kept.has(dir)) continue;
    kept.add(dir);
    down.push(...(facts.get(dir)?.calls ?? []));
  }
  // A directory may give a "not analysed" note (a call of a module that was not downloaded, a
  // missing module directory), and so may every directory calling it. A called directory's registry
  // calls are resolved by its caller's modules.json, which this reading does not follow: they count
  // as possibly noted. Those not kept are noted without being loaded.
  const noted = upward([...facts].filter(([dir, fact]) => fact.mayNote || (fact.remoteCalls && callers.has(dir))).map(([dir]) => dir));
  const noteDirectories = new Set([...noted].filter((dir) => !kept.has(dir)));
  const scannedByDirectory = new Map([...byDirectory].filter(([dir]) => noteDirectories.has(dir)));
  const result = files.filter((file) => !isConfigurationFile(file) || kept.has(dirname(file)));
  prefetch(result, started, reader, deadline);
  return { kept: result, noteDirectories, callsMayBeNoted: noted, read: new Set(facts.keys()), scannedByDirectory };
}

/** Files up to this size are parsed ahead; a larger one is left for its loader (which may refuse it). */
const PREFETCH_MAX_BYTES = 1024 * 1024;

/**
 * The Terraform loader parses the kept `.tf` files next: start hcl2json on them now (in its worker
 * threads), so that parsing overlaps the rest of classification and the loaders' imports.
 */
function prefetch(files: readonly string[], started: Set<string>, reader: FileReader, deadline: Deadline | undefined): void {
  for (const file of files) {
    if (!isNativeConfigurationFile(file) || started.has(file)) continue;
    started.add(file);
    const read = reader.readBytes(file, { maxBytes: PREFETCH_MAX_BYTES });
    if (!read.ok) continue;
    const text = read.bytes.toString('utf8');
    if (text.includes('\uFFFD')) continue;
    prefetchHcl(file, withoutBom(text), deadline);
  }
}
