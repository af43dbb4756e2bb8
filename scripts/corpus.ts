/**
 * Measured agreement with the labelled real-world corpus (`../shared/corpus/realworld`): runs credlint
 * through the engine API on every scan root of `labels.tsv` and compares the findings per check
 * (a → console-user-with-access-key, b → multiple-active-access-keys, c → root-user-access-key).
 * POS must give exactly `count` findings, NEG none, INDET no definite finding.
 *
 * Usage: `npm run corpus -- <corpus dir> [--strict] [--no-prefilter]` (exit 1 on disagreement only with
 * --strict).
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lint } from '../src/engine.js';

export const CHECK_RULES: Readonly<Record<string, string>> = {
  a: 'console-user-with-access-key',
  b: 'multiple-active-access-keys',
  c: 'root-user-access-key',
};

export type Expected = 'POS' | 'NEG' | 'INDET';

export interface Label {
  readonly scanRoot: string;
  readonly check: string;
  readonly expected: Expected;
  readonly count: number;
  /** False for a pair not written in labels.tsv (the file's closing rule: unlisted pairs are NEG). */
  readonly listed: boolean;
}

export interface Verdict extends Label {
  readonly format: 'terraform' | 'cloudformation';
  /** Definite (not unknown, not suppressed) findings of the check's rule. */
  readonly got: number;
  readonly agrees: boolean;
}

const CLOUDFORMATION_HINTS = ['aws-cloudformation__', 'stelligent__', 'aws__aws-cdk', '/cloudFormation/'];

function formatOf(scanRoot: string): 'terraform' | 'cloudformation' {
  if (/\.(ya?ml|template)$/.test(scanRoot) || (scanRoot.endsWith('.json') && !scanRoot.endsWith('.tf.json'))) return 'cloudformation';
  return CLOUDFORMATION_HINTS.some((hint) => scanRoot.includes(hint)) ? 'cloudformation' : 'terraform';
}

/**
 * The labels, with the implied NEG pairs filled in. An implied NEG is not added for a check that a
 * nested scan root lists as POS: the labels then judge that check per nested root (the cg-provision
 * snapshot lists (b) per module directory only).
 */
export function parseLabels(text: string): Label[] {
  const labels: Label[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [scanRoot, check, expected, count] = line.split('\t');
    if (scanRoot === undefined || check === undefined || !(expected === 'POS' || expected === 'NEG' || expected === 'INDET')) continue;
    labels.push({ scanRoot, check, expected, count: Number(count ?? 0) || 0, listed: true });
  }
  const roots = [...new Set(labels.map((l) => l.scanRoot))];
  for (const scanRoot of roots) {
    for (const check of Object.keys(CHECK_RULES)) {
      if (labels.some((l) => l.scanRoot === scanRoot && l.check === check)) continue;
      const nestedPositive = labels.some((l) => l.check === check && l.expected === 'POS' && l.scanRoot.startsWith(`${scanRoot}/`));
      if (!nestedPositive) labels.push({ scanRoot, check, expected: 'NEG', count: 0, listed: false });
    }
  }
  return labels;
}

/**
 * Findings of one scan root. The labels judge a Terraform directory as the root module Terraform would
 * plan there ("a directory that Terraform would run as a root module", LABELS.md), so a directory with
 * its own `.tf`/`.tf.json` files is scanned as exactly those files (the modules it calls are still read
 * from disk); its `examples/` and `spec/` subdirectories are scan roots of their own. A directory
 * without Terraform files of its own (a repository of roots) is scanned whole. A single `.tf` file is
 * labelled alone, but a file argument scans its whole module directory (README, "What is analysed"), and the KICS-style
 * fixtures keep positive and negative files side by side: such a file is scanned from a temporary
 * directory of its own.
 */
async function findingsPerRule(path: string, corpusDir: string, prefilter: boolean): Promise<Map<string, number>> {
  let paths = [path];
  let temporary: string | undefined;
  if ((await stat(path)).isDirectory()) {
    const own = (await readdir(path, { withFileTypes: true }))
      .filter((entry) => !entry.isDirectory() && (entry.name.endsWith('.tf') || entry.name.endsWith('.tf.json')))
      .map((entry) => join(path, entry.name))
      .sort();
    if (own.length > 0) paths = own;
  } else if (path.endsWith('.tf') || path.endsWith('.tf.json')) {
    temporary = await mkdtemp(join(tmpdir(), 'credlint-corpus-'));
    await copyFile(path, join(temporary, basename(path)));
    paths = [temporary];
  }
  try {
    // An empty environment: TF_VAR_* of the machine running the script must not change verdicts.
    // The labels judge each directory as a root module: the roots that call it (its examples, a
    // landing zone above it) are not added to the scan.
    const result = await lint({ paths, cwd: temporary ?? corpusDir, env: {}, prefilter, unitContext: false });
    const perRule = new Map<string, number>();
    for (const finding of result.findings) {
      if (finding.unknown === true || finding.suppression !== undefined) continue;
      perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
    }
    return perRule;
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

/** Copies a directory tree (files as plain writable files, symlinks as symlinks). */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else if (entry.isFile()) await writeFile(target, await readFile(source));
  }
}

/**
 * The corpus copies each upstream repository as `<owner>__<repo>[__<rev>]/` without its `.git`, and
 * credlint bounds local module sources by the git root (README, "What is analysed"). Scanning a mirror in which every
 * copied repository is a git root again lets `source = "../.."` reach the module as it does upstream.
 */
async function mirrorAsRepositories(corpusDir: string): Promise<string> {
  const mirror = await mkdtemp(join(tmpdir(), 'credlint-corpus-'));
  await copyTree(corpusDir, mirror);
  for (const entry of await readdir(mirror, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    // What makes a directory a work tree for git, and for credlint (`findGitRoot`): `.git/HEAD`.
    await mkdir(join(mirror, entry.name, '.git'), { recursive: true });
    await writeFile(join(mirror, entry.name, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  }
  return mirror;
}

export async function runCorpus(corpusDir: string, options: { readonly prefilter?: boolean } = {}): Promise<Verdict[]> {
  const labels = parseLabels(await readFile(join(corpusDir, 'labels.tsv'), 'utf8'));
  const mirror = await mirrorAsRepositories(corpusDir);
  const counts = new Map<string, Map<string, number>>();
  try {
    for (const scanRoot of [...new Set(labels.map((l) => l.scanRoot))]) {
      counts.set(scanRoot, await findingsPerRule(resolve(mirror, scanRoot), mirror, options.prefilter ?? true));
    }
  } finally {
    await rm(mirror, { recursive: true, force: true });
  }
  return labels.map((label) => {
    const got = counts.get(label.scanRoot)?.get(CHECK_RULES[label.check] ?? '') ?? 0;
    const agrees = label.expected === 'POS' ? got === label.count : got === 0;
    return { ...label, format: formatOf(label.scanRoot), got, agrees };
  });
}

export function renderReport(verdicts: readonly Verdict[]): string {
  const lines: string[] = [];
  const sorted = [...verdicts].sort((x, y) => (x.scanRoot < y.scanRoot ? -1 : x.scanRoot > y.scanRoot ? 1 : x.check < y.check ? -1 : 1));
  const width = Math.max(...sorted.map((v) => v.scanRoot.length), 10);
  lines.push(`${'scan root'.padEnd(width)}  check  format          expected  got  verdict`);
  for (const v of sorted) {
    const expected = `${v.expected}${v.expected === 'POS' ? ` ${v.count}` : ''}${v.listed ? '' : '*'}`;
    lines.push(
      `${v.scanRoot.padEnd(width)}  ${v.check.padEnd(5)}  ${v.format.padEnd(14)}  ${expected.padEnd(8)}  ${String(v.got).padEnd(3)}  ${v.agrees ? 'agree' : 'DISAGREE'}`,
    );
  }
  lines.push('', '(* = not listed in labels.tsv, NEG by its closing rule)', '');
  lines.push('check  format          POS agree  NEG agree  INDET agree  total');
  for (const check of Object.keys(CHECK_RULES)) {
    for (const format of ['terraform', 'cloudformation'] as const) {
      const subset = verdicts.filter((v) => v.check === check && v.format === format);
      const cell = (expected: Expected) => {
        const group = subset.filter((v) => v.expected === expected);
        return `${group.filter((v) => v.agrees).length}/${group.length}`;
      };
      const agreeing = subset.filter((v) => v.agrees).length;
      lines.push(
        `${check.padEnd(5)}  ${format.padEnd(14)}  ${cell('POS').padEnd(9)}  ${cell('NEG').padEnd(9)}  ${cell('INDET').padEnd(11)}  ${agreeing}/${subset.length}`,
      );
    }
  }
  const disagreements = verdicts.filter((v) => !v.agrees).length;
  lines.push('', `${verdicts.length - disagreements}/${verdicts.length} verdicts agree`);
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const strict = argv.includes('--strict');
  const corpusDir = argv.find((arg) => !arg.startsWith('--'));
  if (corpusDir === undefined) {
    process.stderr.write('usage: npm run corpus -- <corpus dir> [--strict] [--no-prefilter]\n');
    return 2;
  }
  const verdicts = await runCorpus(resolve(corpusDir), { prefilter: !argv.includes('--no-prefilter') });
  process.stdout.write(`${renderReport(verdicts)}\n`);
  return strict && verdicts.some((v) => !v.agrees) ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
