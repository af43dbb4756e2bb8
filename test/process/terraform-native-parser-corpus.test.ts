/**
 * The in-process `.tf` parser (`src/terraform/native/`) against the oracle, hcl2json (Go's HCL): for
 * every `.tf` file of the shared performance corpus, both give the same body — blocks, labels,
 * attributes, and every expression as hcl2json renders it (literals as JSON values, anything else
 * as its `${source}`) — and a file hcl2json rejects is rejected too, at a line and column. Where it
 * locates blocks and attributes as it parses, it locates them as the locator does.
 *
 * hcl2json parses ~1.5 s per MB, so its answers are cached by content hash in
 * `$CREDLINT_HCL_ORACLE_CACHE` (default `node_modules/.cache/credlint-hcl-oracle/`): the first run
 * over the whole corpus costs about a minute more than later ones. `CREDLINT_HCL_ORACLE_SAMPLE=N`
 * checks every N-th file only. Skips when `../shared` is not beside the checkout.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWithHcl2json } from '../../scripts/hcl2json-oracle.js';
import { parseHcl } from '../../src/terraform/parse-hcl.js';
import { parseNativeHcl } from '../../src/terraform/native/parse-native-hcl.js';
import { MODULE_SOURCES } from '../../src/terraform/module/read-module-files.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/perf', import.meta.url));
const CACHE = process.env['CREDLINT_HCL_ORACLE_CACHE'] ?? fileURLToPath(new URL('../../node_modules/.cache/credlint-hcl-oracle', import.meta.url));
const SAMPLE = Math.max(1, Number(process.env['CREDLINT_HCL_ORACLE_SAMPLE'] ?? 1) || 1);
/** Part of every cache key: another hcl2json version answers afresh. */
const ORACLE_VERSION = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/@cdktf/hcl2json/package.json', import.meta.url)), 'utf8')) as { version: string }
).version;

type OracleAnswer = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly message: string };

async function oracle(name: string, text: string): Promise<OracleAnswer> {
  const key = createHash('sha256').update(`hcl2json@${ORACLE_VERSION}\0`).update(text).digest('hex');
  const file = join(CACHE, key.slice(0, 2), `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as OracleAnswer;
  let answer: OracleAnswer;
  try {
    answer = { ok: true, body: await parseWithHcl2json(name, text) };
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  mkdirSync(join(CACHE, key.slice(0, 2)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(answer));
  renameSync(temporary, file);
  return answer;
}

/** JSON round trip: the oracle's answer went through JSON, so ours is compared in the same form. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

function corpusFiles(): string[] {
  const all = (readdirSync(CORPUS, { recursive: true }) as string[]).filter((name) => name.endsWith('.tf')).sort();
  return all.filter((_, index) => index % SAMPLE === 0);
}

describe.skipIf(!existsSync(CORPUS))('the native .tf parser equals hcl2json on the performance corpus', () => {
  it('gives the same body for every file hcl2json parses, and rejects every file it rejects', { timeout: 900_000 }, async () => {
    const problems: string[] = [];
    let parsed = 0;
    let rejected = 0;
    const files = corpusFiles();
    for (const name of files) {
      const text = readFileSync(join(CORPUS, name), 'utf8').replace(/^\uFEFF/, '');
      const expected = await oracle(name, text);
      const actual = await parseHcl(name, text);
      if (expected.ok) {
        parsed++;
        if (!actual.ok)
          problems.push(
            `${name}: hcl2json parses it, native rejects it: ${actual.diagnostic.message} at ${JSON.stringify(actual.diagnostic.location.range.start)}`,
          );
        else expect.soft(asJson(actual.body), name).toEqual(expected.body);
      } else {
        rejected++;
        if (actual.ok) problems.push(`${name}: hcl2json rejects it (${expected.message.slice(0, 200)}), native parses it`);
        else expect(actual.diagnostic.location.range.start.line).toBeGreaterThanOrEqual(1);
      }
    }
    expect(problems).toEqual([]);
    expect(parsed + rejected).toBe(files.length);
    expect(parsed).toBeGreaterThan(files.length / 2);
  });

  it(
    'parses the source and version of each module call (the notes) as the full parse does, fails where it fails, and locates the calls as the locator does',
    { timeout: 300_000 },
    () => {
      // The full parse's module calls, each body cut down to its `source` and `version`.
      const sources = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map((body: Record<string, unknown>) =>
              Object.fromEntries(['source', 'version'].filter((name) => Object.hasOwn(body, name)).map((name) => [name, body[name]])),
            )
          : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([label, inner]) => [label, sources(inner)]));
      let compared = 0;
      for (const name of corpusFiles()) {
        const text = readFileSync(join(CORPUS, name), 'utf8').replace(/^\uFEFF/, '');
        if (!text.includes('module')) continue;
        compared++;
        const full = parseNativeHcl(text);
        const selected = parseNativeHcl(text, MODULE_SOURCES);
        if (!full.ok) {
          expect.soft(selected, name).toEqual(full);
          continue;
        }
        const calls = full.body['module'];
        // A top-level `module` attribute stands as it is; module blocks give their sources.
        const body = calls === undefined ? {} : { module: typeof calls === 'object' && calls !== null ? sources(calls) : calls };
        expect.soft(selected, name).toEqual({ ok: true, body, located: locateHclBlocks(text, 'module') });
      }
      expect(compared).toBeGreaterThan(1000);
    },
  );

  it('locates every block and attribute of a file it parses as the locator does', { timeout: 300_000 }, () => {
    let compared = 0;
    for (const name of corpusFiles()) {
      const text = readFileSync(join(CORPUS, name), 'utf8').replace(/^\uFEFF/, '');
      const full = parseNativeHcl(text);
      if (!full.ok) continue;
      compared++;
      const located = locateHclBlocks(text);
      expect.soft(full.located.blocks, name).toEqual(located.blocks);
      expect.soft(full.located.comments, name).toEqual(located.comments);
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
