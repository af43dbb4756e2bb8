/**
 * Which file cdk.json runs as Node.js's CommonJS main module (`commonJsEntry`): the runner named in
 * the app command, the entry's extension, and the nearest package.json's "type", read through a
 * door that may be refused.
 */
import { describe, expect, it } from 'vitest';
import { commonJsEntry } from '../../src/cdk-source/main-module.js';

const ENTRY = '/repo/infra/bin/app.ts';
const app = (command: string) => JSON.stringify({ app: command });
const files =
  (byPath: Record<string, string | null>) =>
  (file: string): string | null | undefined =>
    byPath[file];

describe('commonJsEntry', () => {
  it('is the entry for ts-node and tsx, written any way cdk.json writes them', () => {
    for (const command of [
      'npx ts-node --prefer-ts-exts bin/app.ts',
      'npx tsx bin/app.ts',
      'node_modules/.bin/ts-node bin/app.ts',
      'node -r ts-node/register bin/app.ts',
      'npx ts-node-script bin/app.ts',
    ])
      expect(commonJsEntry(app(command), ENTRY, '/repo', files({})), command).toBe(ENTRY);
  });

  it('reads the nearest package.json up to the repository root, and not above it', () => {
    const module = '{ "type": "module" }';
    expect(
      commonJsEntry(app('npx tsx bin/app.ts'), ENTRY, '/repo', files({ '/repo/infra/package.json': '{ "type": "commonjs" }', '/repo/package.json': module })),
    ).toBe(ENTRY);
    expect(commonJsEntry(app('npx tsx bin/app.ts'), ENTRY, '/repo', files({ '/repo/package.json': module }))).toBeUndefined();
    expect(commonJsEntry(app('npx tsx bin/app.ts'), ENTRY, '/repo/infra', files({ '/repo/package.json': module }))).toBe(ENTRY);
  });

  it('is not known for an ES module entry, another runner, or a package.json it cannot read', () => {
    const none = files({});
    expect(commonJsEntry(app('npx tsx bin/app.mts'), '/repo/infra/bin/app.mts', '/repo', none)).toBeUndefined();
    expect(commonJsEntry(app('npx ts-node --esm bin/app.ts'), ENTRY, '/repo', none)).toBeUndefined();
    expect(commonJsEntry(app('node --loader ts-node/esm bin/app.ts'), ENTRY, '/repo', none)).toBeUndefined();
    expect(commonJsEntry(app('node bin/app.ts'), ENTRY, '/repo', none)).toBeUndefined();
    expect(commonJsEntry(app('bun bin/app.ts'), ENTRY, '/repo', none)).toBeUndefined();
    expect(commonJsEntry(undefined, ENTRY, '/repo', none)).toBeUndefined();
    expect(commonJsEntry(app('npx tsx bin/app.ts'), ENTRY, '/repo', files({ '/repo/infra/package.json': null }))).toBeUndefined();
    expect(commonJsEntry(app('npx tsx bin/app.ts'), ENTRY, '/repo', files({ '/repo/infra/package.json': '{ "type": ' }))).toBeUndefined();
    const deep = `{ "type": "commonjs", "x": ${'['.repeat(5000)}${']'.repeat(5000)} }`;
    expect(commonJsEntry(app('npx tsx bin/app.ts'), ENTRY, '/repo', files({ '/repo/infra/package.json': deep }))).toBeUndefined();
  });

  it('is the entry for a .cts file whatever package.json says', () => {
    expect(commonJsEntry(app('npx tsx bin/app.cts'), '/repo/infra/bin/app.cts', '/repo', files({ '/repo/infra/package.json': '{ "type": "module" }' }))).toBe(
      '/repo/infra/bin/app.cts',
    );
  });
});
