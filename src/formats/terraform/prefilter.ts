/**
 * The relevance prefilter (README, "Performance"): parsing and evaluating cost time, and most Terraform in a monorepo
 * never declares an access key. A directory (module) is parsed only when its analysis could produce a
 * finding, decided from the raw text without parsing. It must be sound — never drop a directory
 * whose analysis could produce a finding — so every test below over-approximates.
 */
import { dirname } from 'node:path';
import { readModuleDirectory, type ModuleDirectoryFacts } from './module-calls.js';
import type { FileReader } from '../../io/file-reader.js';
import { isConfigurationFile } from '../../terraform/configuration-files.js';
import { appendAll } from '../../core/append-all.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { claimDeadlinePassed, type ClaimStep } from '../claim-deadline.js';
import type { LoadOptions } from '../load-options.js';

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
  /** Every configuration file the prefilter read → whether it declares a module block (`ModuleDirectoryFacts`). */
  readonly moduleBlocks: ReadonlyMap<string, boolean>;
  /**
   * Set when the scan deadline passed before every directory was read: the `parse-error` at the first
   * directory left. Nothing is then kept (which directories matter depends on every directory's calls).
   */
  readonly stopped?: Diagnostic;
}

const READING_MODULE_DIRECTORIES: ClaimStep = {
  doing: 'the Terraform module directories were read to find those that can declare an access key',
  one: 'module directory',
  many: 'module directories',
};

/**
 * Keeps the `.tf`/`.tf.json` files of the directories whose analysis could produce a finding:
 * those holding one of `seeds` (`words.ts`: the resources the rules report, or a credlint suppression), those calling such a module (local sources, and registry/git sources that
 * `.terraform/modules/modules.json` maps), transitively, and every module those relevant directories
 * call (their outputs can feed the relevant values). Modules outside `files` (e.g. `../modules/x`
 * when only one root was given) are read from disk to decide. Other files pass through unchanged.
 * An unreadable file, one over the size limit or one that is not UTF-8 text (UTF-16, an invalid
 * sequence, a NUL byte) keeps its directory, so its loader reports it as it would without the prefilter.
 * The directories that may only give a note are returned apart (`noteDirectories`).
 * Every file is read through `reader`.
 */
export async function prefilterTerraformFiles(
  files: readonly string[],
  reader: FileReader,
  seeds: readonly string[],
  clock: Pick<LoadOptions, 'deadline' | 'limits'>,
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
  const pending = [...byDirectory.keys()];
  while (pending.length > 0) {
    const dir = pending[pending.length - 1] as string;
    if (facts.has(dir)) {
      pending.pop();
      continue;
    }
    // A directory is named by its first file, or by itself when it was not scanned (a called module).
    const left = (): string[] => [...new Set(pending.filter((d) => !facts.has(d)).reverse())].map((d) => byDirectory.get(d)?.[0] ?? d);
    const stopped = await claimDeadlinePassed(clock, facts.size, READING_MODULE_DIRECTORIES, left);
    if (stopped !== undefined) {
      reader.dropRetained();
      return {
        kept: files.filter((file) => !isConfigurationFile(file)),
        noteDirectories: new Set(),
        callsMayBeNoted: new Set(),
        read: new Set(facts.keys()),
        scannedByDirectory: new Map(),
        moduleBlocks: new Map(),
        stopped,
      };
    }
    pending.pop();
    const read = readModuleDirectory(dir, byDirectory.get(dir), reader, seeds, true);
    const fact = { ...read, calls: read.calls.map(canonical).filter((callee) => callee !== dir) };
    facts.set(dir, fact);
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
      appendAll(up, callers.get(dir) ?? []);
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
    appendAll(down, facts.get(dir)?.calls ?? []);
  }
  // A directory may give a "not analysed" note (a call of a module that was not downloaded, a
  // missing module directory), and so may every directory calling it. A called directory's registry
  // calls are resolved by its caller's modules.json, which this reading does not follow: they count
  // as possibly noted. Those not kept are noted without being loaded.
  const noted = upward([...facts].filter(([dir, fact]) => fact.mayNote || (fact.remoteCalls && callers.has(dir))).map(([dir]) => dir));
  const noteDirectories = new Set([...noted].filter((dir) => !kept.has(dir)));
  const scannedByDirectory = new Map([...byDirectory].filter(([dir]) => noteDirectories.has(dir)));
  const result = files.filter((file) => !isConfigurationFile(file) || kept.has(dirname(file)));
  const moduleBlocks = new Map<string, boolean>();
  for (const fact of facts.values()) for (const [file, declares] of fact.moduleBlocks) moduleBlocks.set(file, declares);
  return { kept: result, noteDirectories, callsMayBeNoted: noted, read: new Set(facts.keys()), scannedByDirectory, moduleBlocks };
}
