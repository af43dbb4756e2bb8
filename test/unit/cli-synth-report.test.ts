import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { synthReport } from '../../src/cli/synth-report.js';
import { consoleUserMeta } from '../support/reporters-sample-result.js';

const CWD = '/work/app';
const TEMPLATE = '/work/app/cdk.out/People.template.json';

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'console-user-with-access-key',
    severity: 'error',
    message: 'IAM user "ana" has a console password (Ana) and an active access key (Key).',
    location: { file: TEMPLATE, range: range(16, 3, 16, 8), logicalPath: 'Resources.Key' },
    related: [{ message: 'IAM user Ana', location: { file: TEMPLATE, range: range(3, 3, 3, 8), logicalPath: 'Resources.Ana' } }],
    constructPath: 'People/Key/Resource',
    fingerprint: '',
    ...overrides,
  };
}

function result(findings: Finding[]): LintResult {
  return { findings, notes: [], rules: [consoleUserMeta], filesScanned: 1, cwd: CWD };
}

describe('the console report of credlint cdk-app', () => {
  it('prints a finding as the CDK prints an annotation, with its logical id, template, related resources, fix and docs', () => {
    const text = synthReport(result([finding({})]), { cwd: CWD, color: false, exitCode: 1, errorsOnly: false });
    expect(text.split('\n')).toEqual([
      '[Error at /People/Key/Resource] credlint/console-user-with-access-key: IAM user "ana" has a console password (Ana) and an active access key (Key).',
      '    resource Key in cdk.out/People.template.json:16:3',
      '    IAM user Ana: cdk.out/People.template.json:3',
      '    fix: Remove the access key from the code that creates the console user.',
      expect.stringMatching(/^ {4}docs: https:\/\/unpkg\.com\/credlint@.+\/rules\/console-user-with-access-key\/README\.md$/) as string,
      '',
      'credlint: 1 error, 0 warnings in the cloud assembly (1 template): synthesis stops (exit 1)',
      '',
    ]);
  });

  it('counts suppressed findings without showing them, and hides warnings under --quiet while counting them', () => {
    const findings = [
      finding({ suppression: { kind: 'metadata', justification: 'break-glass' } }),
      finding({ severity: 'warning', constructPath: 'People/Other/Resource' }),
    ];
    expect(synthReport(result(findings), { cwd: CWD, color: false, exitCode: 0, errorsOnly: false })).toContain('[Warning at /People/Other/Resource]');
    const quiet = synthReport(result(findings), { cwd: CWD, color: false, exitCode: 0, errorsOnly: true });
    expect(quiet).toBe('credlint: 0 errors, 1 warning, 1 suppressed in the cloud assembly (1 template): synthesis goes on\n');
  });

  it('escapes control characters a hostile template puts in construct paths, logical ids and messages', () => {
    const hostile = finding({
      constructPath: 'People/\u001b]8;;http://x\u0007Key\n::error::x',
      message: 'user "\u202eana"',
      location: { file: TEMPLATE, range: range(1, 1, 1, 2), logicalPath: 'Resources.K\rey' },
    });
    const text = synthReport(result([hostile]), { cwd: CWD, color: false, exitCode: 1, errorsOnly: false });
    expect(text).not.toMatch(/[\u001b\u0007\u202e\r]/);
    expect(text).not.toMatch(/^::error::/m);
    expect(text).toContain('[Error at /People/\\x1b]8;;http://x\\x07Key\\n::error::x] credlint/console-user-with-access-key: user "\\u202eana"');
    expect(text).toContain('    resource K\\rey in cdk.out/People.template.json:1:1');
  });

  it('says when the check was incomplete', () => {
    const parseError = finding({
      ruleId: 'parse-error',
      message: 'file is 4226 bytes, over the 2048-byte limit (--max-file-size)',
      constructPath: undefined,
      related: [],
      location: { file: TEMPLATE, range: range(1, 1, 1, 1) },
    });
    const text = synthReport(result([parseError]), { cwd: CWD, color: false, exitCode: 2, errorsOnly: false });
    expect(text).toMatch(/^\[Error\] credlint\/parse-error: file is 4226 bytes/m);
    expect(text).toContain('    template cdk.out/People.template.json:1:1');
    expect(text).toContain('synthesis stops (exit 2: the check is incomplete)');
    // The README has no "Parse errors" section, which this line once named.
    expect(text).toMatch(/^ {4}docs: https:\/\/unpkg\.com\/credlint@.+\/README\.md \("Exit codes", "Limits"\)$/m);
  });
});
