/**
 * SARIF as code scanning reads it, produced by the real CLI run from a subdirectory of a git
 * repository: every URI (results, related locations, suppressions, notifications) resolves from the
 * repository root to a real file of the repository, whatever the working directory; parse errors and
 * notes are tool execution notifications, not alerts; the category is `automationDetails.id`. Also the
 * CLI's `--output format=file`, which lets one run write SARIF, annotations and the human report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';

const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');
const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

function run(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MODULE_TF = `resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}

variable "name" {
  type = string
}
`;

const LIVE_TF = `module "ops" {
  source = "../modules/user"
  name   = "ops"
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

# credlint-ignore root-user-access-key -- break-glass key, rotated by hand
resource "aws_iam_access_key" "root" {
  user = "root"
}
`;

/** A git repository with its Terraform under `infra/`: a root module, a child module, a broken file. */
function repository(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-sarif-root-')));
  created.push(root);
  const files: Record<string, string> = {
    'infra/live/main.tf': LIVE_TF,
    'infra/modules/user/main.tf': MODULE_TF,
    'infra/broken/main.tf': 'resource "aws_iam_access_key" "k" {\n  user =\n}\n',
    'docs/readme.txt': 'not scanned\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const git = spawnSync('git', ['init', '-q', root], { encoding: 'utf8' });
  if (git.status !== 0) {
    // Without git, the marker credlint looks for is enough to make `root` the repository root.
    mkdirSync(path.join(root, '.git'), { recursive: true });
    writeFileSync(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  }
  return root;
}

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}
interface Location {
  readonly physicalLocation: { readonly artifactLocation: ArtifactLocation };
}
interface SarifRun {
  readonly originalUriBaseIds: Record<string, { uri: string }>;
  readonly automationDetails: { readonly id: string };
  readonly invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; locations: Location[]; descriptor?: { id: string } }[] }[];
  readonly results: { ruleId: string; locations: Location[]; relatedLocations?: Location[]; suppressions?: { location?: Location }[] }[];
}

function sarifRun(file: string): SarifRun {
  return (JSON.parse(readFileSync(file, 'utf8')) as { runs: SarifRun[] }).runs[0]!;
}

/** Every artifact location of the run, with where it sits in the log. */
function artifactLocations(run: SarifRun): [string, ArtifactLocation][] {
  const all: [string, ArtifactLocation][] = [];
  const add = (where: string, location: Location | undefined) => {
    if (location) all.push([where, location.physicalLocation.artifactLocation]);
  };
  run.results.forEach((result, i) => {
    result.locations.forEach((location, j) => add(`results[${i}].locations[${j}]`, location));
    (result.relatedLocations ?? []).forEach((location, j) => add(`results[${i}].relatedLocations[${j}]`, location));
    (result.suppressions ?? []).forEach((suppression, j) => add(`results[${i}].suppressions[${j}].location`, suppression.location));
  });
  run.invocations.forEach((invocation, i) =>
    invocation.toolExecutionNotifications.forEach((notification, j) =>
      notification.locations.forEach((location, k) => add(`invocations[${i}].notifications[${j}].locations[${k}]`, location)),
    ),
  );
  return all;
}

/** The file a location names, resolved the way code scanning does: from the repository root. */
function resolveFromRoot(run: SarifRun, location: ArtifactLocation): string {
  const base = location.uriBaseId === undefined ? undefined : run.originalUriBaseIds[location.uriBaseId]?.uri;
  return fileURLToPath(new URL(location.uri, base));
}

describe('SARIF from a subdirectory of a git repository', () => {
  const root = repository();
  const subdirectory = path.join(root, 'infra', 'live');

  it('gives URIs that resolve from the repository root to real files, whatever the working directory', () => {
    const fromSubdirectory = run(['--format', 'sarif', '--no-prefilter', '--output-file', '../../out/sub.sarif', '..'], subdirectory);
    expect(fromSubdirectory.stderr).toBe('');
    // The broken file makes the scan incomplete: 2 wins over the findings' 1.
    expect(fromSubdirectory.code).toBe(2);
    const run1 = sarifRun(path.join(root, 'out', 'sub.sarif'));
    expect(run1.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });

    const locations = artifactLocations(run1);
    const where = new Set(locations.map(([at]) => at.replace(/\[\d+\]/g, '[]')));
    expect([...where].sort()).toEqual([
      'invocations[].notifications[].locations[]',
      'results[].locations[]',
      'results[].relatedLocations[]',
      'results[].suppressions[].location',
    ]);
    for (const [at, location] of locations) {
      expect(location.uriBaseId, at).toBe('%SRCROOT%');
      expect(location.uri, at).not.toMatch(/^(\.\.|\/|file:)/);
      const file = resolveFromRoot(run1, location);
      expect(existsSync(file) && file.startsWith(`${root}${path.sep}`), `${at}: ${location.uri}`).toBe(true);
    }
    expect([...new Set(locations.map(([, location]) => location.uri))].sort()).toEqual([
      'infra/broken/main.tf',
      'infra/live/main.tf',
      'infra/modules/user/main.tf',
    ]);

    // The same scan from the repository root gives the same log (URIs and fingerprints alike); only
    // the informational unit id property is named from the current directory.
    const fromRoot = run(['--format', 'sarif', '--no-prefilter', '--output-file', 'out/root.sarif', 'infra'], root);
    expect(fromRoot.code).toBe(2);
    const withoutUnitIds = (file: string) => readFileSync(path.join(root, 'out', file), 'utf8').replace(/"unitId": "[^"]*"/g, '"unitId"');
    expect(withoutUnitIds('root.sarif')).toBe(withoutUnitIds('sub.sarif'));
  });

  it('reports parse errors and notes as notifications of an unsuccessful run, not as results', () => {
    const run1 = sarifRun(path.join(root, 'out', 'sub.sarif'));
    expect(run1.results.map((result) => result.ruleId).sort()).toEqual(['console-user-with-access-key', 'root-user-access-key']);
    const [invocation] = run1.invocations;
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications.map((n) => [n.level, n.descriptor?.id, n.locations[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ['error', 'parse-error', 'infra/broken/main.tf'],
      ['note', undefined, 'infra/live/main.tf'],
    ]);
  });

  it('names the analysis with a category: credlint by default, --sarif-category to set it', () => {
    expect(sarifRun(path.join(root, 'out', 'sub.sarif')).automationDetails).toEqual({ id: 'credlint/' });
    const { code } = run(['--format', 'sarif', '--sarif-category', 'credlint/infra-live', '-o', '../../out/category.sarif', '.'], subdirectory);
    expect(code).toBe(1);
    expect(sarifRun(path.join(root, 'out', 'category.sarif')).automationDetails).toEqual({ id: 'credlint/infra-live/' });
    const empty = run(['--sarif-category', ' ', '.'], subdirectory);
    expect([empty.code, empty.stderr]).toEqual([2, 'credlint: --sarif-category expects a name, got ""\nRun "credlint --help" for usage.\n']);
  });
});

describe('several reports from one run (--output format=file)', () => {
  const root = repository();
  const subdirectory = path.join(root, 'infra', 'live');

  it('prints the main report and the github annotations to standard output and writes SARIF and JSON to files', () => {
    const { code, stdout, stderr } = run(
      ['--output', 'github=-', '--output', 'sarif=../../reports/credlint.sarif', '--output', 'json=../../reports/credlint.json', '.'],
      subdirectory,
    );
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const [stylish, annotations] = stdout.split(/\n(?=::)/, 2);
    // Human paths are relative to the current directory; the annotations' and SARIF's to the
    // repository root, from which GitHub resolves them whatever the step's working directory.
    expect(stylish).toContain('../modules/user/main.tf');
    expect(stylish).toMatch(/1 problem \(1 error, 0 warnings\)/);
    expect(annotations).toMatch(
      /^::error file=infra\/modules\/user\/main\.tf,line=9,col=1,endLine=9,endColumn=\d+,title=console-user-with-access-key::IAM user "ops"/,
    );
    const sarif = sarifRun(path.join(root, 'reports', 'credlint.sarif'));
    expect(sarif.results.map((result) => [result.ruleId, result.locations[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ['root-user-access-key', 'infra/live/main.tf'],
      ['console-user-with-access-key', 'infra/modules/user/main.tf'],
    ]);
    const json = JSON.parse(readFileSync(path.join(root, 'reports', 'credlint.json'), 'utf8')) as { findings: unknown[] };
    expect(json.findings).toHaveLength(2);
  });

  it('refuses a bad format, a missing file name and two reports into one file, before scanning', () => {
    const usage = (args: string[]) => {
      const result = run(args, subdirectory);
      return [result.code, result.stdout, result.stderr.split('\n')[0]];
    };
    expect(usage(['--output', 'xml=out.xml'])).toEqual([
      2,
      '',
      'credlint: --output format must be one of stylish, json, sarif, github, junit, gitlab, checkstyle, got "xml"',
    ]);
    expect(usage(['--output', 'sarif'])).toEqual([
      2,
      '',
      'credlint: --output expects format=file, or a file whose extension gives the format (.sarif → sarif, .json → json, .xml → junit), got "sarif"',
    ]);
    expect(usage(['--output', 'sarif='])).toEqual([2, '', 'credlint: --output expects format=file (file "-" for standard output), got "sarif="']);
    expect(usage(['-o', 'r.txt', '--output', 'sarif=./r.txt'])).toEqual([
      2,
      '',
      `credlint: two reports would be written to ${path.join(subdirectory, 'r.txt')}`,
    ]);
    expect(existsSync(path.join(subdirectory, 'r.txt'))).toBe(false);
  });
});

describe('SARIF rule help', () => {
  it("links each rule to its own README, shipped in the package at that path, and carries the rule's own summary", async () => {
    const { rules } = await import('../../rules/index.js');
    const { toSarifLog } = await import('../../src/reporters/sarif-reporter.js');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const log = toSarifLog(
      { findings: [], notes: [], rules: rules.map((rule) => rule.meta), filesScanned: 0, cwd: repoRoot },
      { cwd: repoRoot, color: false, readSource: () => undefined },
    );
    // What `npm pack` would publish (no lifecycle script runs for a dry run with --ignore-scripts).
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    const shipped = new Set((JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]?.files.map((file) => file.path));
    const prefix = `https://unpkg.com/credlint@${pkg.version}/`;
    const descriptors = log.runs[0].tool.driver.rules;
    expect(descriptors.map((descriptor) => descriptor.id)).toEqual(rules.map((rule) => rule.meta.id).sort());
    for (const descriptor of descriptors) {
      const meta = rules.find((rule) => rule.meta.id === descriptor.id)!.meta;
      expect(descriptor.helpUri).toBe(`${prefix}rules/${meta.id}/README.md`);
      const file = descriptor.helpUri.slice(prefix.length);
      expect(shipped.has(file), file).toBe(true);
      expect(readFileSync(path.join(repoRoot, file), 'utf8')).toContain(`# \`${meta.id}\``);
      for (const help of [descriptor.help.text, descriptor.help.markdown]) {
        for (const part of [meta.title, meta.rationale, meta.remediation, descriptor.helpUri]) expect(help).toContain(part);
      }
    }
    const parseError = log.runs[0].tool.driver.notifications[0];
    expect(parseError?.helpUri).toBe(`${prefix}README.md`);
    expect(shipped.has('README.md')).toBe(true);
  }, 60_000);
});
