import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { refusal } from '../../io/file-reader.js';
import { decodesAsText } from '../../io/read-source.js';
import { claimDeadlinePassed, DEADLINE_REASON, FOUND_AT_DEADLINE_REASON, type ClaimStep } from '../claim-deadline.js';
import type { LoadOptions } from '../load-options.js';
import { bytesHoldSeed } from '../../core/seed-text.js';
import { CDK_APP_WORDS } from './cdk-words.js';
import { importsBeyondProject } from './imports-leaving.js';
import { ProjectRoots } from './project-root.js';

/** The `.ts` files of one CDK app, analysed together (one deployment unit). */
export interface CdkProject {
  /** The project directory (absolute). */
  readonly root: string;
  /** Sorted. */
  readonly files: readonly string[];
}

/** The CDK apps among the projects, and why each file of the other projects is not analysed (`--verbose`). */
export interface CdkProjectSelection {
  readonly projects: CdkProject[];
  readonly skipped: ReadonlyMap<string, string>;
  /**
   * The notes of the files that are not regular files (a FIFO, socket or device named like a TypeScript file):
   * said here, since a project that is not an app is never loaded (the loader's own note about a file
   * of an app is the same note, said once).
   */
  readonly refused: readonly Diagnostic[];
  /**
   * Set when the scan deadline passed before every project was told apart: the `parse-error` at the
   * first file left. No project is then selected (`claimDeadlinePassed`).
   */
  readonly stopped?: Diagnostic;
}

const FINDING_CDK_PROJECTS: ClaimStep = { doing: 'the TypeScript files were read to find the CDK apps', one: 'TypeScript file', many: 'TypeScript files' };

const NOT_CDK = 'not CDK source: no TypeScript file of its project names aws-cdk-lib or @aws-cdk/';
const PREFILTERED =
  'prefilter: no TypeScript file of its CDK project names a construct that makes an IAM user or access key, holds a credlint comment, or imports a file from outside the project';

/**
 * Groups discovered `.ts` files into projects (`ProjectRoots`; without a marker, the repository root
 * when the file is inside it, else the file's directory) and keeps the CDK apps among them: projects
 * one of whose files names `aws-cdk-lib` (README, "What is analysed": "`.ts` files that import `aws-cdk-lib`"). With the
 * prefilter, an app is kept only if some file holds one of `seeds` (`cdk-words.ts`). Files are searched as raw bytes. A file that cannot be read (or is over
 * the size limit, or is not UTF-8 text) does not make a project an app, but counts as relevant in one, so the loader
 * reports it.
 */
export async function selectCdkProjects(
  files: readonly string[],
  options: Pick<LoadOptions, 'repoRoot' | 'prefilter' | 'reader' | 'deadline' | 'limits'>,
  seeds: readonly string[],
): Promise<CdkProjectSelection> {
  const roots = new ProjectRoots(options.repoRoot, (file) => options.reader.exists(file));
  const byRoot = new Map<string, string[]>();
  const repo = path.resolve(options.repoRoot);
  for (const file of files) {
    const inRepo = !path.relative(repo, file).startsWith('..');
    const root = roots.rootOf(file, inRepo ? repo : path.dirname(file));
    const list = byRoot.get(root) ?? [];
    list.push(file);
    byRoot.set(root, list);
  }
  const projects: CdkProject[] = [];
  const skipped = new Map<string, string>();
  const refused: Diagnostic[] = [];
  const sorted = [...byRoot].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let reads = 0;
  for (const [position, [root, members]] of sorted.entries()) {
    let isApp = false;
    let relevant = !options.prefilter;
    // Before the `index`-th file of this project's `pass`: the deadline, and what it leaves.
    const deadlinePassed = async (pass: 1 | 2, index: number): Promise<Diagnostic | undefined> => {
      const left = (): string[] => [...members.slice(pass === 1 ? index : 0), ...sorted.slice(position + 1).flatMap(([, rest]) => rest)];
      const found = () => ({ count: projects.length, one: 'CDK source project', many: 'CDK source projects' });
      const stopped = await claimDeadlinePassed(options, reads++, FINDING_CDK_PROJECTS, left, found);
      if (stopped === undefined) return undefined;
      for (const rest of left()) skipped.set(rest, DEADLINE_REASON);
      for (const file of projects.flatMap((project) => project.files)) skipped.set(file, FOUND_AT_DEADLINE_REASON);
      return stopped;
    };
    for (const [index, file] of members.entries()) {
      const stopped = await deadlinePassed(1, index);
      if (stopped !== undefined) return { projects: [], skipped, refused, stopped };
      const read = options.reader.readBytes(file);
      if (!read.ok && read.reason === 'not a regular file') refused.push(refusal(file, read, 0));
      const bytes = read.ok ? read.bytes : undefined;
      isApp ||= bytes !== undefined && holds(bytes, CDK_APP_WORDS);
      // A file that is not UTF-8 text is a parse error for the loader, with or without the prefilter
      // (a NUL is TypeScript text: `parsedSource`).
      relevant ||= bytes === undefined || holds(bytes, seeds) || !decodesAsText(bytes, { nulIsText: true });
      if (isApp && relevant) break;
    }
    // The files outside the project that its files import are analysed with it (`load-projects.ts`): an
    // app none of whose own files holds a seed is kept when it imports one, which may hold them. Read
    // again, for the apps the seeds alone ruled out: a search through every TypeScript file of a
    // repository for its imports would cost more than it saves.
    if (isApp && !relevant) relevant = aliasesImports(root, options.reader);
    if (isApp && !relevant) {
      const memberSet = new Set(members);
      for (const [index, file] of members.entries()) {
        const stopped = await deadlinePassed(2, index);
        if (stopped !== undefined) return { projects: [], skipped, refused, stopped };
        const read = options.reader.readBytes(file);
        relevant = read.ok && importsBeyondProject(file, read.bytes.toString('utf8'), memberSet);
        if (relevant) break;
      }
    }
    if (isApp && relevant) projects.push({ root, files: [...members].sort() });
    else for (const file of members) skipped.set(file, isApp ? PREFILTERED : NOT_CDK);
  }
  return { projects, skipped, refused };
}

/**
 * Whether the project's `tsconfig.json` may declare import aliases (`paths`, `baseUrl`, or an
 * `extends` that could): an alias may name a file outside the project, which the loader analyses with
 * it (`load-projects.ts`), so the app is kept, as for a relative import of such a file.
 */
function aliasesImports(root: string, reader: LoadOptions['reader']): boolean {
  const tsconfig = path.join(root, 'tsconfig.json');
  if (!reader.exists(tsconfig)) return false;
  const read = reader.readBytes(tsconfig);
  return !read.ok || bytesHoldSeed(read.bytes, ['paths', 'baseUrl', 'extends']);
}

/**
 * TypeScript may spell an identifier with `\u{...}` escapes, which `bytesHoldSeed` does not decode:
 * a file holding one is kept (sound, and rare).
 */
function holds(bytes: Buffer, seeds: readonly string[]): boolean {
  return bytesHoldSeed(bytes, seeds) || bytes.includes('\\u{', 0, 'latin1');
}
