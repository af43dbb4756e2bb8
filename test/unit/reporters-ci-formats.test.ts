/**
 * The JUnit, GitLab Code Quality and checkstyle reporters on hand-built results (README, "Output
 * formats"; docs/ci.md): the exact report of the sample project, paths relative to the repository root
 * whatever the current directory, severities, suppressed findings, and XML escaping. Validation against
 * the formats' schemas, through the CLI: test/process/reporters-ci-formats-schemas.test.ts.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { getReporter } from '../../src/reporters/index.js';
import { neutraliseXml } from '../../src/reporters/neutralise-text.js';
import { removeSampleProjects, sampleProject } from '../support/reporters-sample-result.js';

afterAll(removeSampleProjects);

const junit = getReporter('junit');
const gitlab = getReporter('gitlab');
const checkstyle = getReporter('checkstyle');

describe('neutraliseXml', () => {
  it('escapes the XML specials, and makes every character XML 1.0 forbids a visible escape', () => {
    expect(neutraliseXml(`a]]>b<c&d"e'f`)).toBe('a]]&gt;b&lt;c&amp;d&quot;e&apos;f');
    expect(neutraliseXml('\u0000\u0001\u0008\u000b\u000c\u001f\t\n\r')).toBe('\\x00\\x01\\x08\\x0b\\x0c\\x1f\\t\\n\\r');
    expect(neutraliseXml('x\uFFFEy\uFFFFz\ud800')).toBe('x\\ufffey\\uffffz\\ud800');
    expect(neutraliseXml('\u202e\u2028 &amp;')).toBe('\\u202e\\u2028 &amp;amp;');
    expect(neutraliseXml('caf\u00e9 \u{1F469}\u200D\u{1F4BB} \u{10FFFD}')).toBe('caf\u00e9 \u{1F469}\u200D\u{1F4BB} \u{10FFFD}');
  });
});

/** A result whose repository root is above the current directory, with a warning and a note. */
function nestedResult(): { result: LintResult; cwd: string } {
  const repoRoot = path.resolve('/repo');
  const cwd = path.join(repoRoot, 'infra');
  const finding = (severity: Finding['severity'], ruleId: string, fingerprint: string, extra: Partial<Finding> = {}): Finding => ({
    ruleId,
    severity,
    message: `${severity} <message> & "more"`,
    location: { file: path.join(repoRoot, 'infra', 'prod', 'main.tf'), range: range(4, 3, 6, 1) },
    related: [],
    unitId: 'terraform:infra/prod',
    address: 'aws_iam_access_key.k',
    fingerprint,
    ...extra,
  });
  const result: LintResult = {
    findings: [
      finding('error', 'root-user-access-key', 'aaaa'),
      // The same finding from a second deployment unit (a module called by two roots).
      finding('error', 'root-user-access-key', 'aaaa', { unitId: 'terraform:infra/dev' }),
      finding('warning', 'multiple-active-access-keys', 'bbbb', { unknown: true }),
      finding('note', 'console-user-with-access-key', 'cccc', { constructPath: 'App/Stack/Key' }),
    ],
    notes: [],
    rules: [],
    filesScanned: 1,
    cwd,
    repoRoot,
  };
  return { result, cwd };
}

describe('junit reporter', () => {
  it('writes one suite per rule, a failure per finding, skipped for a suppression, an error for a parse error', () => {
    const project = sampleProject();
    expect(junit(project.result, project.context(false))).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="credlint" tests="3" failures="1" errors="1" skipped="1" time="0">
  <testsuite name="root-user-access-key" tests="1" failures="0" errors="0" skipped="1" time="0">
    <testcase name="infra/main.tf:15:10 aws_iam_access_key.root" classname="credlint.root-user-access-key" time="0">
      <skipped message="suppressed (inline): break-glass key, rotated by hand"/>
    </testcase>
  </testsuite>
  <testsuite name="console-user-with-access-key" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase name="infra/main.tf:9:1 aws_iam_access_key.ops" classname="credlint.console-user-with-access-key" time="0">
      <failure message="IAM user &quot;ops&quot; has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops)." type="error">infra/main.tf:9:1: IAM user &quot;ops&quot; has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops).
rule: console-user-with-access-key (error)
address: aws_iam_access_key.ops
related: infra/main.tf:5:1: console login profile aws_iam_user_login_profile.ops
related: infra/main.tf:1:1: IAM user aws_iam_user.ops</failure>
    </testcase>
  </testsuite>
  <testsuite name="parse-error" tests="1" failures="0" errors="1" skipped="0" time="0">
    <testcase name="broken/main.tf:3:1" classname="credlint.parse-error" time="0">
      <error message="Invalid expression: expected the start of an expression, but found &quot;}&quot;." type="error">broken/main.tf:3:1: Invalid expression: expected the start of an expression, but found &quot;}&quot;.
rule: parse-error (error)</error>
    </testcase>
  </testsuite>
</testsuites>
`,
    );
  });

  it('shows a rule without findings as one passing test, so the report says it ran', () => {
    const project = sampleProject();
    const report = junit({ ...project.result, findings: [] }, project.context(false));
    expect(report).toContain(
      '<testsuite name="console-user-with-access-key" tests="1" failures="0" errors="0" skipped="0" time="0">\n' +
        '    <testcase name="console-user-with-access-key: no findings" classname="credlint.console-user-with-access-key" time="0"/>\n',
    );
    expect(report).toContain('<testsuites name="credlint" tests="2" failures="0" errors="0" skipped="0" time="0">');
  });

  it('names files relative to the repository root, not the current directory, and escapes messages', () => {
    const { result, cwd } = nestedResult();
    const report = junit(result, { cwd, color: false, readSource: () => undefined });
    expect(report).toContain('<testcase name="infra/prod/main.tf:4:3 aws_iam_access_key.k" classname="credlint.root-user-access-key" time="0">');
    expect(report).toContain('<failure message="warning &lt;message&gt; &amp; &quot;more&quot;" type="warning">');
    expect(report).toContain('construct: App/Stack/Key</failure>');
  });
});

describe('checkstyle reporter', () => {
  it('writes one file element per file with its unsuppressed findings', () => {
    const project = sampleProject();
    expect(checkstyle(project.result, project.context(false))).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="broken/main.tf">
    <error line="3" column="1" severity="error" message="Invalid expression: expected the start of an expression, but found &quot;}&quot;." source="credlint.parse-error"/>
  </file>
  <file name="infra/main.tf">
    <error line="9" column="1" severity="error" message="IAM user &quot;ops&quot; has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops)." source="credlint.console-user-with-access-key"/>
  </file>
</checkstyle>
`,
    );
  });

  it('maps note to info, names the construct path, and writes an empty report for no findings', () => {
    const { result, cwd } = nestedResult();
    const context = { cwd, color: false, readSource: () => undefined };
    const report = checkstyle(result, context);
    expect(report).toContain('<file name="infra/prod/main.tf">');
    expect(report).toContain('severity="info" message="note &lt;message&gt; &amp; &quot;more&quot; (construct App/Stack/Key)"');
    expect(report.match(/<file /g)).toHaveLength(1);
    expect(checkstyle({ ...result, findings: [] }, context)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n');
  });
});

describe('gitlab reporter', () => {
  it('writes an issue per unsuppressed finding, with the severity of its rule', () => {
    const project = sampleProject();
    const issues = JSON.parse(gitlab(project.result, project.context(false))) as unknown;
    expect(issues).toEqual([
      {
        type: 'issue',
        check_name: 'parse-error',
        description: 'Invalid expression: expected the start of an expression, but found "}".',
        categories: ['Bug Risk'],
        severity: 'major',
        fingerprint: 'f0000000000000000000000000000001',
        location: { path: 'broken/main.tf', lines: { begin: 3, end: 3 } },
      },
      {
        type: 'issue',
        check_name: 'console-user-with-access-key',
        description: 'IAM user "ops" has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops).',
        categories: ['Security'],
        severity: 'major',
        fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        location: { path: 'infra/main.tf', lines: { begin: 9, end: 9 } },
      },
    ]);
  });

  it('is critical for a rule of critical security severity, minor for warnings, info for notes; fingerprints stay unique', () => {
    const project = sampleProject();
    const { result, cwd } = nestedResult();
    const text = gitlab({ ...result, rules: project.result.rules }, { cwd, color: false, readSource: () => undefined });
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    const issues = JSON.parse(text) as { severity: string; fingerprint: string; location: { path: string }; description: string }[];
    expect(issues.map((issue) => issue.severity)).toEqual(['critical', 'critical', 'minor', 'info']);
    expect(issues[0]?.fingerprint).toBe('aaaa');
    expect(issues[1]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(4);
    expect(issues.every((issue) => issue.location.path === 'infra/prod/main.tf')).toBe(true);
    expect(issues[3]?.description).toBe('note <message> & "more" (construct App/Stack/Key)');
    expect(gitlab({ ...result, findings: [] }, { cwd, color: false, readSource: () => undefined })).toBe('[]\n');
  });
});
