import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileReader } from '../../src/io/file-reader.js';
import { resolveWritten } from '../../src/io/resolve-inside.js';

// The component walk tells a missing component without an exception (`lstatSync`'s `throwIfNoEntry`);
// what it answers must stay what the thrown error said.
describe('a path followed one component at a time', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function repository(): string {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-resolve-')));
    made.push(dir);
    mkdirSync(join(dir, 'module'));
    writeFileSync(join(dir, 'module', 'main.tf'), '');
    return dir;
  }

  it('is an ENOENT error at a missing component, and at a missing file', () => {
    const root = repository();
    expect(resolveWritten(root, 'module/.terraform/modules/modules.json', [root])).toEqual({ kind: 'error', code: 'ENOENT' });
    expect(resolveWritten(root, 'module/absent.tf', [root])).toEqual({ kind: 'error', code: 'ENOENT' });
  });

  it('is an ENOTDIR error below a file', () => {
    const root = repository();
    expect(resolveWritten(root, 'module/main.tf/x', [root])).toEqual({ kind: 'error', code: 'ENOTDIR' });
  });

  it('is the real path of a present file, through a link inside', () => {
    const root = repository();
    symlinkSync('module', join(root, 'linked'));
    expect(resolveWritten(root, 'linked/main.tf', [root])).toEqual({ kind: 'real', real: join(root, 'module', 'main.tf') });
  });

  it('is outside through a link leading out, whether its target exists', () => {
    const root = repository();
    symlinkSync('../absent-elsewhere', join(root, 'out'));
    expect(resolveWritten(root, 'out/modules.json', [root])).toEqual({ kind: 'outside', target: join('..', 'absent-elsewhere', 'modules.json') });
  });

  it("answers the reader's exists: absent for a missing manifest, present for a file or a link leading out", () => {
    const root = repository();
    symlinkSync('../../absent-elsewhere', join(root, 'module', '.terraform'));
    const reader = new FileReader([root], 1 << 20);
    reader.knowRealDirectory(root, root);
    expect(reader.exists(join(root, '.terraform', 'modules', 'modules.json'))).toBe(false);
    expect(reader.exists(join(root, 'module', 'main.tf'))).toBe(true);
    expect(reader.exists(join(root, 'module', '.terraform', 'modules', 'modules.json'))).toBe(true);
  });
});
