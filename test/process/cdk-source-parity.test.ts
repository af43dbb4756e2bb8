import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type plugin from '../../src/eslint-plugin/index.js';
import type { JsonReport } from '../../src/reporters/json-reporter.js';
import { fixtureCases, repoRoot } from '../support/fixture-cases.js';

/**
 * The CLI and the ESLint plugin run the same rules (src/run-rules) on the same CDK source model, so
 * on every `cdk-source` fixture case they must agree: the built CLI (`--format json`) on the case as
 * it is, against ESLint with the plugin as docs/eslint-plugin.md tells users to set it up (the
 * `recommended` flat config with type information through `projectService`), linting every `.ts`
 * file of the case. The plugin reports a finding in the file holding the key to remove, so the
 * findings of all the case's files together are compared with the CLI's: rule, file, span, message.
 */

const cases = fixtureCases().filter((c) => c.format === 'cdk-source');
const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');

/** `rule file line:column-endLine:endColumn message`, sorted. */
type Findings = readonly string[];

const line = (ruleId: string, file: string, start: string, end: string, message: string) => `${ruleId} ${file} ${start}-${end} ${message}`;

let copies: string;
const cli = new Map<string, string[]>();
const eslint = new Map<string, string[]>();
/** ESLint without type information (no `projectService`): each file is analysed alone, with the context its project's cdk.json gives. */
const untyped = new Map<string, string[]>();

/** The case directory (relative to fixtures/) a fixture file belongs to. */
function caseOf(file: string): string {
  const parts = file.split('/');
  return parts.slice(0, 4).join('/');
}

function add(map: Map<string, string[]>, file: string, finding: string): void {
  const key = caseOf(file);
  map.set(key, [...(map.get(key) ?? []), finding]);
}

beforeAll(async () => {
  // The CLI on the fixtures in place: one run over every case (each is a CDK project of its own). It
  // runs in a child process while ESLint lints below in this one, so the two use both cores.
  const dirs = [...new Set(cases.map((c) => path.relative(path.join(repoRoot, 'fixtures'), path.dirname(path.dirname(c.dir)))))];
  const cliRun = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, '--format', 'json', ...dirs],
      { cwd: path.join(repoRoot, 'fixtures'), encoding: 'utf8', maxBuffer: 1 << 30 },
      (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
  });

  // ESLint on a copy of each case with the tsconfig.json a TypeScript project has (projectService
  // finds each file's nearest one), inside a git work tree as a checkout is.
  copies = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-parity-')));
  execFileSync('git', ['init', '-q', copies]);
  const tsconfig = JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['**/*.ts'] });
  for (const fixture of cases) {
    const copy = path.join(copies, path.relative(path.join(repoRoot, 'fixtures'), fixture.dir));
    mkdirSync(path.dirname(copy), { recursive: true });
    cpSync(fixture.dir, copy, { recursive: true });
    // A case with a tsconfig.json of its own (aliases) keeps it: the CLI reads it too.
    if (!existsSync(path.join(fixture.dir, 'tsconfig.json'))) writeFileSync(path.join(copy, 'tsconfig.json'), tsconfig);
  }
  // A variable specifier keeps the type checker (which runs before the build) off dist/.
  const specifier = 'credlint/eslint-plugin';
  const credlint = ((await import(specifier)) as { default: typeof plugin }).default;
  const linter = new ESLint({
    cwd: copies,
    overrideConfigFile: true,
    overrideConfig: [credlint.configs.recommended, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: copies } } }],
  });
  const record = async (run: ESLint, into: Map<string, string[]>, patterns: string[]) => {
    for (const result of await run.lintFiles(patterns)) {
      const file = path.relative(copies, result.filePath).split(path.sep).join('/');
      for (const message of result.messages) {
        const ruleId = message.ruleId?.startsWith('credlint/') ? message.ruleId.slice('credlint/'.length) : `eslint:${message.ruleId ?? 'fatal'}`;
        add(into, file, line(ruleId, file, `${message.line}:${message.column}`, `${message.endLine ?? '?'}:${message.endColumn ?? '?'}`, message.message));
      }
    }
  };
  await record(linter, eslint, ['**/*.ts']);
  // Without type information, on the cases whose app is one file: the file is the whole app there.
  const plain = new ESLint({ cwd: copies, overrideConfigFile: true, overrideConfig: [credlint.configs.recommended] });
  await record(
    plain,
    untyped,
    oneFileCases.map((c) =>
      path
        .relative(path.join(repoRoot, 'fixtures'), path.join(c.dir, tsFilesOf(c.dir)[0] ?? ''))
        .split(path.sep)
        .join('/'),
    ),
  );

  const run = await cliRun;
  // Exit 1: findings (the positive cases have some).
  expect(run.status, run.stderr).toBe(1);
  const report = JSON.parse(run.stdout) as JsonReport;
  for (const finding of report.findings) {
    if (finding.suppressed) continue;
    const { file, startLine, startColumn, endLine, endColumn } = finding.location;
    add(cli, file, line(finding.ruleId, file, `${startLine}:${startColumn}`, `${endLine}:${endColumn}`, finding.message));
  }
}, 300_000);

/** The `.ts` files of a case directory, at any depth. */
function tsFilesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
}

/** The cases whose app is one `.ts` file: no other source or data file (a JSON file it imports) beside cdk.json and package.json. */
const oneFileCases = cases.filter((c) => {
  const files = readdirSync(c.dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(c.dir, f)).isFile());
  return tsFilesOf(c.dir).length === 1 && files.every((f) => f.endsWith('.ts') || f === 'cdk.json' || f === 'package.json' || f === 'fixture-options.json');
});

afterAll(() => {
  if (copies) rmSync(copies, { recursive: true, force: true });
});

describe('CLI and ESLint plugin agree on every cdk-source fixture', () => {
  it('covers every case, each with .ts files', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const fixture of cases) expect(readdirSync(fixture.dir, { recursive: true }).some((f) => String(f).endsWith('.ts'))).toBe(true);
  });

  for (const fixture of cases) {
    const key = path.relative(path.join(repoRoot, 'fixtures'), fixture.dir).split(path.sep).join('/');
    it(key, () => {
      // Compared as sets: the CLI reports a finding of a file shared by two CDK apps once per app (its
      // deployment unit), the plugin, which reports in the file, once.
      const fromCli: Findings = [...new Set(cli.get(key) ?? [])].sort();
      const fromEslint: Findings = [...new Set(eslint.get(key) ?? [])].sort();
      expect(fromEslint).toEqual(fromCli);
      if (fixture.polarity === 'positive') expect(fromCli.length).toBeGreaterThan(0);
    });
  }
});

describe('CLI and ESLint plugin without type information agree on every one-file cdk-source fixture', () => {
  it('covers the cases that read cdk.json context', () => {
    expect(oneFileCases.map((c) => c.name)).toContain('team-from-cdk-json-context');
    // And the one whose entry tests require.main === module: which file is the main module comes from cdk.json and package.json.
    expect(oneFileCases.map((c) => c.name)).toContain('require-main-guarded-entry');
  });

  for (const fixture of oneFileCases) {
    const key = path.relative(path.join(repoRoot, 'fixtures'), fixture.dir).split(path.sep).join('/');
    it(key, () => {
      const fromCli: Findings = [...new Set(cli.get(key) ?? [])].sort();
      expect([...new Set(untyped.get(key) ?? [])].sort()).toEqual(fromCli);
    });
  }
});
