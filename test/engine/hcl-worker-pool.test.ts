import { afterAll, describe, expect, it } from 'vitest';
import { HclParserPool, parseTimeoutMs } from '../../src/terraform/hcl-parser-pool.js';
import { closeHclParser, parseHcl } from '../../src/terraform/parse-hcl.js';

const GOOD = 'resource "aws_iam_user" "u" {\n  name = "ana"\n}\n';
const nestedBlocks = (n: number) => 'a {\n'.repeat(n) + '}\n'.repeat(n);
const nestedObjects = (n: number) => 'x = ' + '{a = '.repeat(n) + '1' + '}'.repeat(n) + '\n';

afterAll(async () => {
  await closeHclParser();
});

describe('parseHcl (worker pool)', () => {
  it('parses a file in a worker', async () => {
    const result = await parseHcl('/repo/main.tf', GOOD);
    expect(result).toEqual({ ok: true, body: { resource: { aws_iam_user: { u: [{ name: 'ana' }] } } } });
  });

  it('reports a syntax error at the line and column hcl2json gives', async () => {
    const result = await parseHcl('/repo/bad.tf', 'resource "x" "y" {\n  a = \n}\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostic.kind).toBe('parse-error');
    expect(result.diagnostic.location).toEqual({ file: '/repo/bad.tf', range: { start: { line: 2, column: 7 }, end: { line: 2, column: 8 } } });
    expect(result.diagnostic.message).toMatch(/^Invalid expression: /);
  });

  it('rejects blocks nested 5,000 deep before parsing, at the level that crossed the limit', async () => {
    const started = Date.now();
    const result = await parseHcl('/repo/deep.tf', nestedBlocks(5000));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostic.location.range.start).toEqual({ line: 501, column: 3 });
    expect(result.diagnostic.message).toBe('nesting deeper than 500 levels; the file is not parsed');
  });

  it('rejects objects nested 10,000 deep before parsing', async () => {
    const result = await parseHcl('/repo/deep-objects.tf', nestedObjects(10_000));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // `x = ` then `{a = ` repeated: the 501st `{` is at column 5 + 500 * 5.
    expect(result.diagnostic.location.range.start).toEqual({ line: 1, column: 2505 });
  });

  it('parses nesting just under the limit', async () => {
    const result = await parseHcl('/repo/ok-deep.tf', nestedBlocks(499));
    expect(result.ok).toBe(true);
  });

  it('parses many files concurrently, each answer matching its file', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `locals {\n  v${i} = ${i}\n}\n`);
    const results = await Promise.all(texts.map((text, i) => parseHcl(`/repo/f${i}.tf`, text)));
    results.forEach((result, i) => expect(result).toEqual({ ok: true, body: { locals: [{ [`v${i}`]: i }] } }));
  });
});

describe('HclParserPool isolation', () => {
  it('survives inputs that overflow or hang hcl2json, then parses the next file', async () => {
    // Measured in a worker: blocks 6,000 deep raise a RangeError, objects 2,000 deep hang hcl2json.
    const pool = new HclParserPool(1, () => 4000, Number.POSITIVE_INFINITY);
    const failure = /^the HCL parser (failed on this file \(.+\)|did not finish within 4 s)$/;
    try {
      for (const [file, text] of [
        ['/repo/crash.tf', nestedBlocks(6000)],
        ['/repo/hang.tf', nestedObjects(2000)],
      ] as const) {
        const outcome = await pool.parse(file, text);
        expect(outcome.kind).toBe('failed');
        if (outcome.kind !== 'failed') continue;
        expect(outcome.diagnostic.location.file).toBe(file);
        expect(outcome.diagnostic.message).toMatch(failure);
      }
      const after = await pool.parse('/repo/after.tf', GOOD);
      expect(after).toEqual({ kind: 'ok', body: { resource: { aws_iam_user: { u: [{ name: 'ana' }] } } } });
    } finally {
      await pool.close();
    }
  });

  it('times a slow file out, replaces the worker and goes on', async () => {
    const big = 'locals {\n' + Array.from({ length: 20_000 }, (_, i) => `  v${i} = "${i}"\n`).join('') + '}\n';
    const pool = new HclParserPool(1, (bytes) => (bytes > 100_000 ? 1 : 30_000));
    try {
      const slow = await pool.parse('/repo/slow.tf', big);
      expect(slow).toEqual({
        kind: 'failed',
        diagnostic: {
          kind: 'parse-error',
          message: 'the HCL parser did not finish within 0 s',
          location: { file: '/repo/slow.tf', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } },
        },
      });
      expect((await pool.parse('/repo/next.tf', GOOD)).kind).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('retries a timed-out file once on a fresh worker and re-posts the files queued behind it', async () => {
    const big = 'locals {\n' + Array.from({ length: 20_000 }, (_, i) => `  v${i} = "${i}"\n`).join('') + '}\n';
    const pool = new HclParserPool(1, (bytes) => (bytes > 100_000 ? 1 : 30_000));
    try {
      const outcomes = await Promise.all([
        pool.parse('/repo/a.tf', GOOD),
        pool.parse('/repo/slow.tf', big),
        pool.parse('/repo/b.tf', 'b = 2\n'),
        pool.parse('/repo/c.tf', 'c = 3\n'),
      ]);
      expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'failed', 'ok', 'ok']);
      expect(outcomes[2]).toEqual({ kind: 'ok', body: { b: 2 } });
      expect(outcomes[3]).toEqual({ kind: 'ok', body: { c: 3 } });
    } finally {
      await pool.close();
    }
  });

  it('answers queued files after close with a diagnostic instead of hanging', async () => {
    const pool = new HclParserPool(1);
    const pending = pool.parse('/repo/a.tf', GOOD);
    await pool.close();
    const outcome = await pending;
    expect(outcome.kind === 'ok' || outcome.kind === 'failed').toBe(true);
  });

  it('leaves no active handle behind once idle, so it never keeps the process alive', async () => {
    // Earlier tests' workers may still be shutting down: count only what could be ours.
    const handles = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Worker' || kind === 'MessagePort').length;
    const before = handles();
    const pool = new HclParserPool(2);
    try {
      const outcomes = await Promise.all([pool.parse('/repo/a.tf', GOOD), pool.parse('/repo/b.tf', GOOD)]);
      expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok']);
      await new Promise((resume) => setImmediate(resume));
      expect(handles()).toBeLessThanOrEqual(before);
    } finally {
      await pool.close();
    }
  });

  it('scales the timeout with the file size', () => {
    expect(parseTimeoutMs(0)).toBe(10_000);
    expect(parseTimeoutMs(1024 * 1024)).toBe(20_240);
  });
});
