/**
 * The reverse graph search of a file argument's ancestors: `RealPaths` answers from the walk's
 * resolved directories first and resolves anything else itself, with the same answers.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ancestors, RealPaths } from '../../src/formats/ancestor-graph.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

describe('RealPaths', () => {
  it('takes what the walk resolved, resolves the rest, and lets a missing path stand for itself', () => {
    const root = tempTree({ 'modules/user/main.tf': '', 'other/main.tf': '' }, 'credlint-real-paths-');
    symlinkSync(join(root, 'modules'), join(root, 'linked'));
    const asked: string[] = [];
    const walked = new Map([[join(root, 'linked', 'user'), join(root, 'modules', 'user')]]);
    const real = new RealPaths((path) => {
      asked.push(path);
      return walked.get(path);
    });
    expect(real.of(join(root, 'linked', 'user'))).toBe(join(root, 'modules', 'user'));
    // Not walked: resolved by a system call, to the same answer.
    expect(real.of(join(root, 'linked'))).toBe(join(root, 'modules'));
    expect(real.of(join(root, 'missing'))).toBe(join(root, 'missing'));
    // Remembered: the walk is asked once per path.
    expect(real.of(join(root, 'linked'))).toBe(join(root, 'modules'));
    expect(asked).toEqual([join(root, 'linked', 'user'), join(root, 'linked'), join(root, 'missing')]);
    expect(new RealPaths().of(join(root, 'linked', 'user'))).toBe(join(root, 'modules', 'user'));
  });
});

describe('ancestors', () => {
  it('visits each node once, through cycles', () => {
    const parents = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['b', 'd']],
    ]);
    expect([...ancestors(['a'], parents)].sort()).toEqual(['b', 'c', 'd']);
  });
});
