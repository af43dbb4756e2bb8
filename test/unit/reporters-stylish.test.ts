import pc from 'picocolors';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { renderCodeFrame } from '../../src/reporters/code-frame.js';
import { getReporter } from '../../src/reporters/index.js';
import { removeSampleProjects, sampleProject } from '../support/reporters-sample-result.js';

afterAll(removeSampleProjects);

const stylish = getReporter('stylish');
const plain = pc.createColors(false);

describe('stylish reporter', () => {
  it('groups by file, frames the primary span, lists related locations and dims suppressed findings', () => {
    const project = sampleProject();
    expect(stylish(project.result, project.context(false))).toMatchInlineSnapshot(`
      "broken/main.tf
        3:1  error  Invalid expression: expected the start of an expression, but found "}".  parse-error
            2 |   name =
          > 3 | }
              | ^

      infra/main.tf
        9:1    error  IAM user "ops" has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops).  console-user-with-access-key
             8 |
          >  9 | resource "aws_iam_access_key" "ops" {
               | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            10 |   user = aws_iam_user.ops.name
          ↳ infra/main.tf:5:1 console login profile aws_iam_user_login_profile.ops
          ↳ infra/main.tf:1:1 IAM user aws_iam_user.ops

        15:10  error  Access key aws_iam_access_key.root belongs to the root user.  root-user-access-key  (suppressed: break-glass key, rotated by hand)

      Notes
        note  infra/main.tf:1:1  module "vpc" from the registry was not scanned: run \`terraform init\` to download it.

      ✖ 2 problems (2 errors, 0 warnings) in 2 files scanned (1 suppressed)
      "
    `);
  });
});

function emptyResult(overrides: Partial<LintResult> = {}): LintResult {
  return { findings: [], notes: [], rules: [], filesScanned: 3, cwd: '/repo', ...overrides };
}

const noSource = { cwd: '/repo', color: false, readSource: () => undefined };

describe('stylish summary', () => {
  it('says there is nothing to fix, with singular and plural file counts', () => {
    expect(stylish(emptyResult(), noSource)).toBe('No problems found in 3 files.\n');
    expect(stylish(emptyResult({ filesScanned: 1 }), noSource)).toBe('No problems found in 1 file.\n');
  });

  it('says the files were read when every one was skipped as holding nothing credlint checks', () => {
    expect(stylish(emptyResult({ filesScanned: 0, filesSkipped: 1 }), noSource)).toBe(
      'No problems found: 1 file read, none declaring anything credlint checks (--verbose says why).\n',
    );
    expect(stylish(emptyResult({ filesScanned: 0, filesSkipped: 2 }), noSource)).toContain('2 files read');
    // Once anything is analysed, the count of analysed files is the one that matters.
    expect(stylish(emptyResult({ filesScanned: 1, filesSkipped: 5 }), noSource)).toBe('No problems found in 1 file.\n');
    // Nothing found at all: there is nothing to say about skipped files.
    expect(stylish(emptyResult({ filesScanned: 0, filesSkipped: 0 }), noSource)).toBe('No problems found in 0 files.\n');
  });

  it('does not read as a clean pass when notes say something was not analysed', () => {
    const location = { file: '/repo/app.ts', range: { start: { line: 3, column: 10 }, end: { line: 3, column: 14 } } };
    const notes = [{ kind: 'note' as const, message: "User is imported from '@acme/iam', which credlint does not analyse", location }];
    expect(stylish(emptyResult({ filesScanned: 1, notes }), noSource)).toBe(
      "Notes\n  note  app.ts:3:10  User is imported from '@acme/iam', which credlint does not analyse\n\n" +
        'No problems found in 1 file, but 1 note above says what was not analysed.\n',
    );
  });

  it('lists only-suppressed findings dimmed and still reports no problems', () => {
    const project = sampleProject();
    const suppressedOnly = { ...project.result, notes: [], findings: project.result.findings.filter((f) => f.suppression) };
    expect(stylish(suppressedOnly, project.context(false))).toBe(
      'infra/main.tf\n' +
        '  15:10  error  Access key aws_iam_access_key.root belongs to the root user.  root-user-access-key  (suppressed: break-glass key, rotated by hand)\n' +
        '\n' +
        'No problems found in 2 files (1 suppressed).\n',
    );
  });

  it('counts warnings and notes, shows the construct path, and omits the frame when the source is unreadable', () => {
    const location = { file: '/repo/cdk.out/App.template.json', range: range(12, 7, 12, 19) };
    const result = emptyResult({
      filesScanned: 1,
      findings: [
        {
          ruleId: 'multiple-active-access-keys',
          severity: 'warning',
          message: 'IAM user "ci" has 2 active access keys.',
          location,
          related: [{ location: { ...location, range: range(4, 7, 4, 19) }, message: 'other access key KeyA' }],
          constructPath: 'App/Stack/KeyB/Resource',
          fingerprint: 'x',
        },
        { ruleId: 'unused-suppression', severity: 'note', message: 'Suppression matches no finding.', location, related: [], fingerprint: 'y' },
      ],
    });
    const throwingSource = {
      ...noSource,
      readSource: (): string => {
        throw new Error('ENOENT');
      },
    };
    expect(stylish(result, throwingSource)).toBe(stylish(result, noSource));
    expect(stylish(result, noSource)).toBe(
      'cdk.out/App.template.json\n' +
        '  12:7  warning  IAM user "ci" has 2 active access keys.  multiple-active-access-keys\n' +
        '    ↳ cdk.out/App.template.json:4:7 other access key KeyA\n' +
        '    construct: App/Stack/KeyB/Resource\n' +
        '\n' +
        '  12:7  note     Suppression matches no finding.  unused-suppression\n' +
        '\n' +
        '✖ 2 problems (0 errors, 1 warning, 1 note) in 1 file scanned\n',
    );
  });

  it('names the deployment unit of findings that two units report alike at one place, and only of those', () => {
    const location = { file: '/repo/modules/user/main.tf', range: range(5, 1, 5, 37) };
    const alike = {
      ruleId: 'root-user-access-key',
      severity: 'warning' as const,
      message: 'Cannot tell whether access key module.user.aws_iam_access_key.k is for the root user: var.name has no value.',
      location,
      related: [],
      unknown: true,
    };
    const result = emptyResult({
      filesScanned: 3,
      findings: [
        { ...alike, unitId: 'terraform:envs/prod', fingerprint: 'a' },
        { ...alike, unitId: 'terraform:envs/test', fingerprint: 'b' },
        { ...alike, message: 'Another message.', unitId: 'terraform:envs/prod', fingerprint: 'c' },
      ],
    });
    expect(stylish(result, noSource)).toBe(
      'modules/user/main.tf\n' +
        `  5:1  warning  ${alike.message}  root-user-access-key\n` +
        '    deployment unit: terraform:envs/prod\n' +
        '\n' +
        `  5:1  warning  ${alike.message}  root-user-access-key\n` +
        '    deployment unit: terraform:envs/test\n' +
        '\n' +
        '  5:1  warning  Another message.  root-user-access-key\n' +
        '\n' +
        '✖ 3 problems (0 errors, 3 warnings) in 3 files scanned\n',
    );
  });

  it('uses ANSI colours only when the context asks for them', () => {
    const project = sampleProject();
    const coloured = stylish(project.result, project.context(true));
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[4mbroken/main.tf\u001b[24m');
    // Stripping the escapes gives exactly the plain output.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(stylish(project.result, project.context(false)));
    expect(stylish(project.result, project.context(false))).not.toMatch(/\u001b/);
  });
});

describe('code frame', () => {
  const text = '\uFEFFone\r\ntwo\r\nthree\u2028still three\r\nfour\r\nfive\r\nsix\r\nseven\r\n';

  // U+2028 and U+2029 do not end a line (the loaders count lines at \n, \r\n and a lone \r) and, like
  // every control character, are shown escaped; the caret moves with the escape.
  it('counts lines at \\n and \\r\\n, drops the BOM and marks exclusive ends', () => {
    expect(renderCodeFrame(text, range(1, 1, 1, 4), plain)).toBe(['> 1 | one', '    | ^^^', '  2 | two'].join('\n'));
    expect(renderCodeFrame(text, range(3, 7, 3, 18), plain)).toBe(
      ['  2 | two', '> 3 | three\\u2028still three', '    |            ^^^^^^^^^^^', '  4 | four'].join('\n'),
    );
  });

  it('breaks lines at a lone \\r as the loaders do, so the frame shows the line the position names', () => {
    const lonely = 'one\rtwo\rthree\r\r\nfour';
    // Before: one line "one\rtwo\r…", the escaped \r shown and line 2 missing.
    expect(renderCodeFrame(lonely, range(2, 1, 2, 4), plain)).toBe(['  1 | one', '> 2 | two', '    | ^^^', '  3 | three'].join('\n'));
    expect(renderCodeFrame(lonely, range(5, 1, 5, 5), plain)).toBe(['  4 |', '> 5 | four', '    | ^^^^'].join('\n'));
  });

  it('marks every line of a short multi-line span up to its exclusive end', () => {
    expect(renderCodeFrame(text, range(4, 2, 5, 3), plain)).toBe(
      ['  3 | three\\u2028still three', '> 4 | four', '    |  ^^^', '> 5 | five', '    | ^^', '  6 | six'].join('\n'),
    );
  });

  it('marks a three-line span line by line and frames only the first line of a longer one', () => {
    expect(renderCodeFrame(text, range(3, 3, 5, 3), plain)).toBe(
      ['  2 | two', '> 3 | three\\u2028still three', '    |   ^^^^^^^^^^^^^^^^^^^^', '> 4 | four', '    | ^^^^', '> 5 | five', '    | ^^', '  6 | six'].join(
        '\n',
      ),
    );
    expect(renderCodeFrame(text, range(2, 1, 5, 6), plain)).toBe(['  1 | one', '> 2 | two', '    | ^^^', '  3 | three\\u2028still three'].join('\n'));
  });

  it('gives up on ranges outside the file', () => {
    expect(renderCodeFrame(text, range(42, 1, 42, 2), plain)).toBeUndefined();
  });

  it('frames a line that holds a NUL (TypeScript source may) with the NUL escaped', () => {
    expect(renderCodeFrame("const s = 'a\u0000b'; key();\n", range(1, 19, 1, 22), plain)).toBe(
      ["> 1 | const s = 'a\\x00b'; key();", '    |                      ^^^'].join('\n'),
    );
  });
});

/** Found by QA: a minified template framed its whole megabyte line; 5,000 findings in one file took minutes. */
describe('code frame of long lines and many findings', () => {
  it('cuts a long line to a window from a little before the span, with ellipses', () => {
    const line = `${'a'.repeat(1000)}"Key"${'b'.repeat(1000)}`;
    expect(renderCodeFrame(`${line}\n`, range(1, 1001, 1, 1006), plain)).toBe(
      ['> 1 | …' + 'a'.repeat(40) + '"Key"' + 'b'.repeat(115) + '…', '    |' + ' '.repeat(42) + '^^^^^'].join('\n'),
    );
    expect(renderCodeFrame(`short\n${line}`, range(2, 3, 2, 5), plain)).toBe(['  1 | short', '> 2 | ' + 'a'.repeat(160) + '…', '    |   ^^'].join('\n'));
  });

  it('frames the same text again with the same result, whatever was framed before', () => {
    const text = 'one\ntwo\n';
    const last = renderCodeFrame(text, range(3, 1, 3, 1), plain);
    expect(renderCodeFrame(text, range(1, 1, 1, 4), plain)).toBe(['> 1 | one', '    | ^^^', '  2 | two'].join('\n'));
    expect(renderCodeFrame(text, range(3, 1, 3, 1), plain)).toBe(last);
    expect(renderCodeFrame(text, range(2, 1, 2, 4), plain)).toBe(['  1 | one', '> 2 | two', '    | ^^^'].join('\n'));
  });

  it('frames 10,000 findings of a 10,000-line file in seconds', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `  K${i}: {Type: AWS::IAM::AccessKey}`).join('\n');
    const started = Date.now();
    for (let line = 1; line <= 10_000; line += 1) renderCodeFrame(text, range(line, 3, line, 5), plain);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(renderCodeFrame(text, range(10_000, 3, 10_000, 9), plain)).toBe(
      ['   9999 |   K9998: {Type: AWS::IAM::AccessKey}', '> 10000 |   K9999: {Type: AWS::IAM::AccessKey}', '        |   ^^^^^^'].join('\n'),
    );
  }, 60_000);
});
