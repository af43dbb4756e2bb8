import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { selectedWorkspace } from '../../src/formats/terraform/selected-workspace.js';
import { FileReader } from '../../src/io/file-reader.js';
import { Unknown } from '../../src/terraform/expr/value.js';

// hashicorp/terraform internal/command/meta.go, WorkspaceOverridden: TF_WORKSPACE, else the trimmed
// text of .terraform/environment, else "default".
describe('the workspace terraform plan runs in', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function root(environment?: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'credlint-workspace-'));
    made.push(dir);
    if (environment !== undefined) {
      mkdirSync(join(dir, '.terraform'));
      writeFileSync(join(dir, '.terraform', 'environment'), environment);
    }
    return dir;
  }

  const select = (dir: string, env: Record<string, string | undefined> = {}, notes: Diagnostic[] = []) =>
    selectedWorkspace(dir, env, new FileReader([dir], 1 << 20), (d) => notes.push(d));

  it('is default in a fresh working directory', () => {
    expect(select(root())).toBe('default');
  });

  it('is the one terraform workspace select recorded, blank space trimmed', () => {
    expect(select(root('prod\n'))).toBe('prod');
    expect(select(root('  staging \r\n'))).toBe('staging');
  });

  it('is default when the recorded name is blank', () => {
    expect(select(root(' \n'))).toBe('default');
  });

  it('is TF_WORKSPACE when set, over the recorded one', () => {
    expect(select(root('prod'), { TF_WORKSPACE: 'dev' })).toBe('dev');
    expect(select(root('prod'), { TF_WORKSPACE: '' })).toBe('prod');
  });

  it('is unknown, with a note, when the recorded file leads outside the repository', () => {
    const outside = root('prod');
    const dir = root();
    mkdirSync(join(dir, '.terraform'));
    symlinkSync(join(outside, '.terraform', 'environment'), join(dir, '.terraform', 'environment'));
    const notes: Diagnostic[] = [];
    expect(select(dir, {}, notes)).toBeInstanceOf(Unknown);
    expect(notes.map((n) => n.kind)).toEqual(['note']);
  });
});
