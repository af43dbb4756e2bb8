import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { exitCode } from '../../src/cli/exit-code.js';
import { outputTargets } from '../../src/cli/outputs.js';
import { parseArguments } from '../../src/cli/parse-arguments.js';
import { startProgress } from '../../src/cli/progress.js';
import { parseRuleFlags } from '../../src/cli/rule-flags.js';
import { ruleLevel } from '../../src/config/rule-level.js';

function finding(ruleId: string, severity: Finding['severity'], suppressed = false): Finding {
  return {
    ruleId,
    severity,
    message: 'm',
    location: { file: '/r/main.tf', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } },
    related: [],
    fingerprint: ruleId,
    ...(suppressed ? { suppression: { kind: 'inline' as const, justification: 'j' } } : {}),
  };
}

const policy = { failLevel: 'error' as const, softFail: false, allowParseErrors: false };

describe('exit code', () => {
  const error = finding('root-user-access-key', 'error');
  const warning = finding('duplicate-key', 'warning');
  const parseError = finding('parse-error', 'error');

  it('is 1 for an error, 2 for a parse error, which wins', () => {
    expect(exitCode([], policy)).toBe(0);
    expect(exitCode([error], policy)).toBe(1);
    expect(exitCode([error, parseError], policy)).toBe(2);
    expect(exitCode([finding('root-user-access-key', 'error', true)], policy)).toBe(0);
  });

  it('--max-warnings: more unsuppressed warnings than allowed exit 1', () => {
    expect(exitCode([warning, warning], { ...policy, maxWarnings: 2 })).toBe(0);
    expect(exitCode([warning, warning, warning], { ...policy, maxWarnings: 2 })).toBe(1);
    expect(exitCode([warning, finding('duplicate-key', 'warning', true)], { ...policy, maxWarnings: 1 })).toBe(0);
    expect(exitCode([warning], { ...policy, maxWarnings: 0 })).toBe(1);
  });

  it('--soft-fail clears findings but not an incomplete scan', () => {
    expect(exitCode([error], { ...policy, softFail: true })).toBe(0);
    expect(exitCode([error, parseError], { ...policy, softFail: true })).toBe(2);
  });

  it('--allow-parse-errors: a parse error neither exits 2 nor counts as a finding', () => {
    expect(exitCode([parseError], { ...policy, allowParseErrors: true })).toBe(0);
    expect(exitCode([parseError, error], { ...policy, allowParseErrors: true })).toBe(1);
    expect(exitCode([parseError, error], { ...policy, allowParseErrors: true, softFail: true })).toBe(0);
  });
});

describe('output targets', () => {
  const cwd = path.resolve('/work/project');

  it('-o infers the format from the extension unless --format is given', () => {
    expect(outputTargets(cwd, undefined, 'out/credlint.sarif', [])).toEqual([{ format: 'sarif', file: path.join(cwd, 'out/credlint.sarif') }]);
    expect(outputTargets(cwd, undefined, 'report.JSON', [])[0]?.format).toBe('json');
    expect(outputTargets(cwd, 'github', 'report.sarif', [])[0]?.format).toBe('github');
    expect(outputTargets(cwd, undefined, 'report.txt', [])[0]?.format).toBe('stylish');
    expect(outputTargets(cwd, undefined, undefined, [])).toEqual([{ format: 'stylish', file: undefined }]);
  });

  it('--output takes format=file, or a bare file whose extension names the format', () => {
    expect(outputTargets(cwd, 'stylish', undefined, ['sarif=a.sarif', 'b.json', 'json=-'])).toEqual([
      { format: 'stylish', file: undefined },
      { format: 'sarif', file: path.join(cwd, 'a.sarif') },
      { format: 'json', file: path.join(cwd, 'b.json') },
      { format: 'json', file: undefined },
    ]);
    // Reports of two formats may share standard output; one format twice there is refused, as two reports to one file are.
    expect(() => outputTargets(cwd, 'json', undefined, ['json=-'])).toThrow('two json reports would be written to standard output');
    expect(() => outputTargets(cwd, undefined, '-', ['stylish=-'])).toThrow('two stylish reports would be written to standard output');
    expect(outputTargets(cwd, 'json', undefined, ['github=-'])).toHaveLength(2);
    expect(() => outputTargets(cwd, undefined, undefined, ['notes.txt'])).toThrow(
      /--output expects format=file, or a file whose extension gives the format \(\.sarif → sarif, \.json → json/,
    );
    expect(() => outputTargets(cwd, undefined, undefined, ['yaml=x.yaml'])).toThrow(/--output format must be one of stylish, json, sarif, github/);
    expect(() => outputTargets(cwd, 'xml', undefined, [])).toThrow(
      '--format must be one of stylish, json, sarif, github, junit, gitlab, checkstyle, got "xml"',
    );
  });
});

describe('command-line parsing', () => {
  it('suggests the nearest option for an unknown one', () => {
    expect(() => parseArguments(['--max-warning', '3'])).toThrow('unknown option --max-warning; did you mean --max-warnings?');
    expect(() => parseArguments(['--qiet'])).toThrow('unknown option --qiet; did you mean --quiet?');
    expect(() => parseArguments(['--zzzzzz'])).toThrow(/^unknown option --zzzzzz$/);
  });

  it('refuses a report option given twice, keeps the last value of other single-valued options and every value of a repeatable one', () => {
    expect(parseArguments(['--fail-level', 'warning', '--fail-level', 'note']).string('fail-level')).toBe('note');
    expect(() => parseArguments(['--format', 'json', '-f', 'sarif'])).toThrow(
      '--format was given more than once (write further reports with --output <format>=<file>)',
    );
    expect(() => parseArguments(['-o', 'a.json', '--output-file', 'b.json'])).toThrow('--output-file was given more than once');
    const args = parseArguments(['--rule', 'a: off', '--rule', 'b: warn', '--quiet', 'infra']);
    expect(args.list('rule')).toEqual(['a: off', 'b: warn']);
    expect(args.flag('quiet')).toBe(true);
    expect(args.flag('soft-fail')).toBe(false);
    expect(args.positionals).toEqual(['infra']);
  });
});

describe('--rule', () => {
  const ids = ['root-user-access-key', 'multiple-active-access-keys'];

  it("accepts credlint's levels and ESLint's aliases", () => {
    expect(parseRuleFlags(['root-user-access-key: warn', 'multiple-active-access-keys:0'], ids)).toEqual({
      'root-user-access-key': 'warning',
      'multiple-active-access-keys': 'off',
    });
    expect(parseRuleFlags(['root-user-access-key: 2'], ids)).toEqual({ 'root-user-access-key': 'error' });
    expect([ruleLevel('1'), ruleLevel(1), ruleLevel('note'), ruleLevel('fatal')]).toEqual(['warning', 'warning', 'note', undefined]);
  });

  it('refuses an unknown rule with the nearest id, and an unknown level with the levels', () => {
    expect(() => parseRuleFlags(['root-user-acess-key: off'], ids)).toThrow('--rule: unknown rule "root-user-acess-key"; did you mean "root-user-access-key"?');
    expect(() => parseRuleFlags(['root-user-access-key: fatal'], ids)).toThrow(
      'the level must be one of off, note, warning, error (or warn, 0, 1, 2), got "fatal"',
    );
    expect(() => parseRuleFlags(['root-user-access-key'], ids)).toThrow("--rule expects '<rule-id>: <level>'");
    // ESLint's --rule also takes an object; credlint's takes one rule per flag, and said 'unknown rule "{"root-user-access-key""'.
    expect(() => parseRuleFlags(['{"root-user-access-key": "off", "multiple-active-access-keys": "warn"}'], ids)).toThrow(
      `--rule takes one rule per flag, not an object: --rule 'root-user-access-key: off' --rule 'multiple-active-access-keys: warn'`,
    );
    expect(() => parseRuleFlags(['{ root-user-access-key: off }'], ids)).toThrow(`--rule 'root-user-access-key: off'`);
  });
});

describe('progress line', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeStream(isTTY: boolean) {
    const written: string[] = [];
    return { stream: { isTTY, write: (text: string) => written.push(text) > 0 }, written };
  }

  it('appears on a terminal once the scan has run a second, and is erased at the end', () => {
    vi.useFakeTimers();
    const { stream, written } = fakeStream(true);
    const progress = startProgress(stream, { env: {} });
    progress?.observer.progress?.({ filesFound: 40, filesRead: 12, unitsAnalysed: 0 });
    vi.advanceTimersByTime(900);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(written).toEqual(['\r\u001b[2Kcredlint: 12 of 40 files read, 0 units analysed']);
    progress?.observer.progress?.({ filesFound: 40, filesRead: 40, unitsAnalysed: 3 });
    vi.advanceTimersByTime(250);
    expect(written.at(-1)).toBe('\r\u001b[2Kcredlint: 40 of 40 files read, 3 units analysed');
    progress?.stop();
    expect(written.at(-1)).toBe('\r\u001b[2K');
    const count = written.length;
    vi.advanceTimersByTime(5000);
    expect(written).toHaveLength(count);
  });

  it('writes nothing for a scan under a second', () => {
    vi.useFakeTimers();
    const { stream, written } = fakeStream(true);
    const progress = startProgress(stream, { env: {} });
    vi.advanceTimersByTime(500);
    progress?.stop();
    vi.advanceTimersByTime(5000);
    expect(written).toEqual([]);
  });

  it('is never shown in a pipe, in CI or on a dumb terminal', () => {
    expect(startProgress(fakeStream(false).stream, { env: {} })).toBeUndefined();
    expect(startProgress(fakeStream(true).stream, { env: { CI: 'true' } })).toBeUndefined();
    expect(startProgress(fakeStream(true).stream, { env: { TERM: 'dumb' } })).toBeUndefined();
    expect(startProgress(fakeStream(true).stream, { env: { CI: 'false' } })).toBeDefined();
  });
});
