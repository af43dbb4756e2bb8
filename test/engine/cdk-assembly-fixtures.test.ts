import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstUserFrame } from '../../src/cloudformation/cdk-assembly/creation-trace.js';
import { CDK_FIXTURES, fixtureDir, normalizeAssembly, synthesize, TRACE_ROOT, writeFixtures } from '../../scripts/synth-fixtures.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'credlint-cdk-fixtures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name), base) : [path.relative(base, path.join(dir, entry.name))]))
    .sort();
}

/**
 * A creation trace depends on the runner that synthesized (vitest or node, with their own frames and
 * columns); what must not drift is the user's file and line it points at.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (object.type === 'aws:cdk:creationStack' && Array.isArray(object.data)) {
    const frame = firstUserFrame(object.data.filter((f): f is string => typeof f === 'string'));
    return { type: object.type, userFrame: frame ? `${frame.file}:${frame.line}` : null };
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, comparable(v)]));
}

describe('CDK cloud assembly fixtures', () => {
  if (process.env.UPDATE_CDK_FIXTURES) {
    it('rewrites the fixtures (UPDATE_CDK_FIXTURES is set)', () => {
      writeFixtures(repo);
    });
    return;
  }

  it.each(CDK_FIXTURES.map((f) => [`${f.ruleId}/${f.polarity}/${f.name}`, f] as const))('%s matches a fresh synth', (_, fixture) => {
    const outdir = path.join(scratch, fixture.ruleId, fixture.polarity, fixture.name);
    synthesize(fixture, outdir);
    normalizeAssembly(outdir, repo);
    const committed = path.join(fixtureDir(repo, fixture), 'cdk.out');
    expect(files(committed)).toEqual(files(outdir));
    for (const file of files(outdir)) {
      const fresh = comparable(JSON.parse(readFileSync(path.join(outdir, file), 'utf8')));
      const kept = comparable(JSON.parse(readFileSync(path.join(committed, file), 'utf8')));
      expect(kept, `${file} drifted: run UPDATE_CDK_FIXTURES=1 npx vitest run test/engine/cdk-assembly-fixtures.test.ts`).toEqual(fresh);
    }
  });

  it('records creation traces at the app definitions, under the stand-in checkout path', () => {
    const fixture = CDK_FIXTURES.find((f) => f.name === 'two-keys');
    const metadata = JSON.parse(readFileSync(path.join(fixtureDir(repo, fixture!), 'cdk.out', 'Ci.metadata.json'), 'utf8')) as Record<
      string,
      { type: string; data: string[] }[]
    >;
    const trace = metadata['/Ci/Second/Resource']?.find((e) => e.type === 'aws:cdk:creationStack')?.data ?? [];
    const frame = firstUserFrame(trace);
    expect(frame?.file).toBe(`${TRACE_ROOT}/scripts/synth-fixtures.ts`);
    const line = readFileSync(path.join(repo, 'scripts/synth-fixtures.ts'), 'utf8').split('\n')[(frame?.line ?? 0) - 1];
    expect(line?.trim()).toBe("new iam.AccessKey(stack, 'Second', { user });");
  });
});
