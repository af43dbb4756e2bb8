/**
 * README, "Output formats" and docs/ci.md: the JUnit, GitLab Code Quality and checkstyle reports the
 * CLI writes are valid for the schemas of those formats, also when the scanned repository puts hostile
 * text in a directory name, a user name and a suppression reason (XML specials, `]]>`, quotes, control
 * characters XML 1.0 forbids, a noncharacter, bidi overrides, emoji). The schemas are our own
 * (test/support/schemas/, each citing where its format is documented); the XML ones are checked with
 * libxml2's xmllint compiled to WebAssembly (`xmllint-wasm`), the JSON one with Ajv, all offline. A
 * broken copy of each report must fail, so no test passes because a validator did not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { getReporter } from '../../src/reporters/index.js';
import { fixturesRoot, repoRoot } from '../support/fixture-cases.js';

const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');
const SCHEMAS = path.join(repoRoot, 'test', 'support', 'schemas');

/** A directory name with every kind of text the reporters must neutralise (Linux allows all of it). */
const HOSTILE_DIRECTORY = 'we]]>ird<&"\'\u0001\u001b[31m\u202e\u{1F600}';

/** HCL escapes put the same kinds of characters into a user name, which every message quotes. */
const HOSTILE_TF = String.raw`resource "aws_iam_user" "u" {
  name = "ops]]><b>\"quote'\u0001\u0007\u001b[2J\u202e\ufffe\U0001F469\u200D\U0001F4BB &amp; \u2028end"
}

resource "aws_iam_user_login_profile" "u" {
  user = aws_iam_user.u.name
}

resource "aws_iam_access_key" "u" {
  user = aws_iam_user.u.name
}

resource "aws_iam_access_key" "root" {
  user = "root"
}

# credlint-ignore multiple-active-access-keys -- reason with ]]> and <tag> & "quotes" 😀
resource "aws_iam_access_key" "second" {
  user = aws_iam_user.u.name
}
`;

/** A file hcl2json rejects, with a key a parse would find: a parse-error result. */
const BROKEN_TF = 'resource "aws_iam_user" "x" {\n  name =\n}\nresource "aws_iam_access_key" "k" {\n  user = "x"\n}\n';

let work: string;
let reports: { junit: string; gitlab: string; checkstyle: string; exitCode: number | null };

beforeAll(() => {
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-ci-formats-')));
  // A git work tree's marker: the repository root that report paths are relative to.
  mkdirSync(path.join(work, '.git'));
  writeFileSync(path.join(work, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  mkdirSync(path.join(work, HOSTILE_DIRECTORY));
  writeFileSync(path.join(work, HOSTILE_DIRECTORY, 'main.tf'), HOSTILE_TF);
  mkdirSync(path.join(work, 'broken'));
  writeFileSync(path.join(work, 'broken', 'main.tf'), BROKEN_TF);
  // One run writes the three reports, from a subdirectory: paths must still be relative to the repository root.
  const cwd = path.join(work, 'broken');
  const run = spawnSync(
    process.execPath,
    [
      CLI,
      '..',
      '--format',
      'junit',
      '--output-file',
      '../out/junit.xml',
      '--output',
      'gitlab=../out/gl-code-quality-report.json',
      '--output',
      'checkstyle=../out/checkstyle.xml',
    ],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
  );
  if (run.stderr !== '') throw new Error(`credlint wrote to standard error: ${run.stderr}`);
  const read = (name: string) => readFileSync(path.join(work, 'out', name), 'utf8');
  reports = { junit: read('junit.xml'), gitlab: read('gl-code-quality-report.json'), checkstyle: read('checkstyle.xml'), exitCode: run.status };
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

async function xmlErrors(xml: string, schemaFile: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: schemaFile, contents: readFileSync(path.join(SCHEMAS, schemaFile), 'utf8') }],
  });
  return result.errors.map((error) => error.message);
}

function gitlabErrors(text: string): string[] {
  const schema = JSON.parse(readFileSync(path.join(SCHEMAS, 'gitlab-code-quality.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const report: unknown = JSON.parse(text);
  const errors = validate(report) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
  // GitLab needs every fingerprint to be unique in a report, which JSON Schema cannot say.
  const fingerprints = (report as { fingerprint: string }[]).map((issue) => issue.fingerprint);
  if (new Set(fingerprints).size !== fingerprints.length) errors.push('fingerprints are not unique');
  return errors;
}

/** Characters XML 1.0 forbids anywhere in a document (https://www.w3.org/TR/xml/#charsets). */
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('CI report formats against their schemas', () => {
  it('writes the three reports in one run, exiting 2 for the parse error', () => {
    expect(reports.exitCode).toBe(2);
    expect(reports.junit).toContain('<testsuite name="parse-error"');
    expect(reports.checkstyle).toContain('source="credlint.root-user-access-key"');
    expect(JSON.parse(reports.gitlab)).toHaveLength(3);
  });

  it('JUnit XML is valid for the JUnit schema and shows the hostile text escaped, never raw', async () => {
    expect(await xmlErrors(reports.junit, 'junit.xsd')).toEqual([]);
    expect(reports.junit).not.toMatch(FORBIDDEN_IN_XML);
    expect(reports.junit).not.toContain(']]>');
    expect(reports.junit).not.toContain('<![CDATA[');
    expect(reports.junit).toContain('<testcase name="we]]&gt;ird&lt;&amp;&quot;&apos;\\x01\\x1b[31m\\u202e\u{1F600}/main.tf:9:1 aws_iam_access_key.u"');
    expect(reports.junit).toContain('<skipped message="suppressed (inline): reason with ]]&gt; and &lt;tag&gt; &amp; &quot;quotes&quot; \u{1F600}"/>');
    // The noncharacter U+FFFE becomes a visible escape; the emoji keeps its joiner.
    expect(reports.junit).toContain('\\ufffe\u{1F469}\u200D\u{1F4BB} &amp;amp; \\u2028end');
    expect(reports.junit).toMatch(/<testsuites name="credlint" tests="4" failures="2" errors="1" skipped="1" time="0">/);
  });

  it('checkstyle XML is valid for the checkstyle schema, with suppressed findings left out', async () => {
    expect(await xmlErrors(reports.checkstyle, 'checkstyle.xsd')).toEqual([]);
    expect(reports.checkstyle).not.toMatch(FORBIDDEN_IN_XML);
    expect(reports.checkstyle).not.toContain(']]>');
    expect(reports.checkstyle).toContain('<file name="broken/main.tf">');
    expect(reports.checkstyle).toContain('<file name="we]]&gt;ird&lt;&amp;&quot;&apos;\\x01\\x1b[31m\\u202e\u{1F600}/main.tf">');
    expect(reports.checkstyle).not.toContain('multiple-active-access-keys');
  });

  it('GitLab Code Quality JSON is valid for the Code Quality schema, with unique fingerprints and neutralised text', () => {
    expect(gitlabErrors(reports.gitlab)).toEqual([]);
    const issues = JSON.parse(reports.gitlab) as {
      check_name: string;
      description: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(issues.map((issue) => [issue.check_name, issue.severity, issue.location.path, issue.location.lines.begin])).toEqual([
      ['parse-error', 'major', 'broken/main.tf', 2],
      ['console-user-with-access-key', 'major', 'we]]>ird<&"\'\\x01\\x1b[31m\\u202e\u{1F600}/main.tf', 9],
      ['root-user-access-key', 'critical', 'we]]>ird<&"\'\\x01\\x1b[31m\\u202e\u{1F600}/main.tf', 13],
    ]);
    for (const issue of issues) expect(`${issue.description}${issue.location.path}`).not.toMatch(/[\p{Cc}\u202e\u2028]/u);
  });

  it('every fixture (all input formats, related locations, construct paths, unknown values) gives valid reports', async () => {
    const result = await lint({ paths: [fixturesRoot], cwd: fixturesRoot, reportUnknown: true });
    expect(result.findings.length).toBeGreaterThan(50);
    const context = { cwd: fixturesRoot, color: false, readSource: () => undefined };
    expect(await xmlErrors(getReporter('junit')(result, context), 'junit.xsd')).toEqual([]);
    expect(await xmlErrors(getReporter('checkstyle')(result, context), 'checkstyle.xsd')).toEqual([]);
    expect(gitlabErrors(getReporter('gitlab')(result, context))).toEqual([]);
  }, 120_000);

  it('each validator rejects a broken report (so the checks above really ran)', async () => {
    expect(await xmlErrors(reports.junit.replace('<testsuite name="parse-error"', '<testsuite'), 'junit.xsd')).not.toEqual([]);
    expect(await xmlErrors(reports.junit.replace('skipped="1" time="0">', 'skipped="1" time="0">\u0001'), 'junit.xsd')).not.toEqual([]);
    expect(await xmlErrors(reports.checkstyle.replace('severity="error"', 'severity="fatal"'), 'checkstyle.xsd')).not.toEqual([]);
    expect(await xmlErrors(reports.checkstyle.replace('&lt;&amp;', '<&'), 'checkstyle.xsd')).not.toEqual([]);
    expect(gitlabErrors(reports.gitlab.replace('"severity": "critical"', '"severity": "high"'))).not.toEqual([]);
    expect(gitlabErrors(reports.gitlab.replace(/"lines": \{[^}]*\}/, '"line": 3'))).not.toEqual([]);
    const issues = JSON.parse(reports.gitlab) as unknown[];
    expect(gitlabErrors(JSON.stringify([...issues, issues[0]]))).toEqual(['fingerprints are not unique']);
  });
});
