/**
 * Hostile TypeScript must give a parse error or nothing, never a crash or a hang: the parser's own
 * recursion limit, expressions too deep or too long for the extractor, self-referencing and
 * exponentially growing constants, huge loops, and junk bytes.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCdkSourceUnit } from '../../src/cdk-source/index.js';
import { lint } from '../../src/engine.js';
import { extract, HEADER, span } from '../support/cdk-source-harness.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const KEY = "new iam.CfnAccessKey(s, 'K', { userName: NAME });\n";

function keyUser(text: string): string {
  const { unit, diagnostics } = extract({ 'app.ts': text });
  expect(diagnostics).toEqual([]);
  const user = unit?.accessKeys[0]?.user;
  return user === undefined ? '(no key)' : user.known ? JSON.stringify(user.value) : `? ${user.unknownReason}`;
}

describe('CDK source robustness', () => {
  it('reports code nested too deeply for the TypeScript parser as a parse error, through the CLI path', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-hostile-')));
    roots.push(root);
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'cdk.json'), '{}');
    writeFileSync(join(root, 'app', 'deep.ts'), `${HEADER}const NAME = ${'('.repeat(5000)}'x'${')'.repeat(5000)};\n${KEY}`);
    writeFileSync(join(root, 'app', 'ok.ts'), `${HEADER}new iam.CfnAccessKey(s, 'Root', { userName: 'root' });\n`);
    writeFileSync(join(root, 'app', 'junk.ts'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root });
    expect(
      result.findings.map((f) =>
        `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.ruleId} ${f.ruleId === 'parse-error' ? f.message : ''}`.trim(),
      ),
    ).toEqual([
      // The line of the parentheses, where the parser ran out of stack (it had been 1:1).
      `app/deep.ts:${HEADER.split('\n').length} parse-error the TypeScript parser gave up here: the code is nested too deeply`,
      'app/junk.ts:1 parse-error binary content (NUL byte): not a text file',
      'app/ok.ts:3 root-user-access-key',
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops at depths and sizes it cannot evaluate, saying so', () => {
    // 400 nested parentheses parse, but are deeper than the evaluator goes: the user is unknown, and
    // the analysis incomplete where the evaluator stopped, at the 150th parenthesis (it had said nothing).
    const deep = extract({ 'app.ts': `${HEADER}const NAME = ${'('.repeat(400)}'x'${')'.repeat(400)};\n${KEY}` });
    expect(deep.unit?.accessKeys[0]?.user).toMatchObject({ known: false, unknownReason: 'the expression is nested too deeply to evaluate' });
    expect(deep.diagnostics.map((d) => `${span(d.location)} ${d.message}`)).toEqual([
      `3:${'const NAME = '.length + 150}-3:${'const NAME = '.length + 1 + 400 + 3 + 400 - 149} expression nested too deeply to evaluate: values that depend on it are unknown`,
    ]);
    // A long left-deep chain of + is 20,000 levels deep in the syntax tree.
    const chain = Array.from({ length: 20_000 }, () => "'a'").join(' + ');
    const { unit, diagnostics } = extract({ 'app.ts': `${HEADER}const NAME = ${chain};\n${KEY}` });
    expect(diagnostics.map((d) => `${span(d.location)} ${d.message}`)).toEqual([
      expect.stringMatching(/^3:\d+-3:\d+ expression nested too deeply to analyse: the code inside it is skipped$/),
      // A left-deep chain: the node where the evaluator stopped starts where the chain does.
      expect.stringMatching(/^3:14-3:\d+ expression nested too deeply to evaluate: values that depend on it are unknown$/),
    ]);
    expect(unit?.accessKeys[0]?.user).toMatchObject({ known: false, unknownReason: 'the expression is nested too deeply to evaluate' });
    // Each constant doubles the last: 2^40 characters if evaluated naively.
    const doubling = Array.from({ length: 40 }, (_, i) => `const a${i + 1} = a${i} + a${i};`).join('\n');
    // The key's user name is cut off at a limit, not unknowable: the scan is incomplete at the prop.
    const doubled = extract({ 'app.ts': `${HEADER}const a0 = 'ab';\n${doubling}\nconst NAME = a40;\n${KEY}` });
    expect(doubled.unit?.accessKeys[0]?.user).toMatchObject({
      known: false,
      unknownReason: expect.stringMatching(/^the (string is too long|expression is too complex) to evaluate$/),
    });
    expect(doubled.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /^value cut off at credlint's size limit decides which IAM users or access keys are created here: the (string is too long|expression is too complex) to evaluate$/,
      ),
    ]);
    expect(keyUser(`${HEADER}const NAME: string = OTHER;\nconst OTHER: string = NAME;\n${KEY}`)).toBe('? NAME depends on itself');
  });

  it('does not expand a loop of more than 1000 elements', () => {
    const items = Array.from({ length: 5000 }, (_, i) => `'u${i}'`).join(', ');
    const { unit } = extract({ 'app.ts': `${HEADER}for (const n of [${items}]) new iam.CfnAccessKey(s, n, { userName: n });\n` });
    expect(unit?.accessKeys.map((k) => k.existenceUnknown)).toEqual([
      "created once per element of ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'…, which is too long to expand",
    ]);
  });

  it('never throws on arbitrary text, with or without an aws-cdk-lib import', () => {
    const fragments = fc.constantFrom(
      'new iam.AccessKey(',
      'new iam.User(',
      "'root'",
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      ',',
      'user:',
      'userName:',
      'for (const x of ',
      'if (',
      ') ',
      'x',
      '`${',
      '`',
      ';',
      '\n',
      '...',
      '=>',
      'this.',
      'const x = ',
      'iam.AccessKeyStatus.INACTIVE',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 60 }), (parts) => {
        const text = HEADER + parts.join(' ');
        const sourceFile = ts.createSourceFile('/p/app.ts', text, ts.ScriptTarget.Latest, true);
        const result = buildCdkSourceUnit(ts, { unitId: 'u', files: [sourceFile] });
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
