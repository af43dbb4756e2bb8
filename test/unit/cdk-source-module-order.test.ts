/**
 * The order running an app evaluates its modules in (imports first, in the order written, depth
 * first, each module once) and which modules are in an import cycle (`module-order.ts`).
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ModuleOrder } from '../../src/cdk-source/module-order.js';

/** Files named by their import lists (`{ a: ['b', 'c'] }`: a.ts imports ./b then ./c), in the given order. */
function order(imports: Record<string, readonly string[]>, typeOnly: readonly string[] = []): { files: string[]; cyclic: string[] } {
  const files = Object.entries(imports).map(([name, targets]) =>
    ts.createSourceFile(
      `/app/${name}.ts`,
      targets.map((t) => `import ${typeOnly.includes(`${name}>${t}`) ? 'type ' : ''}{ x } from './${t}';\n`).join('') + 'export const x = 1;\n',
      ts.ScriptTarget.Latest,
      true,
    ),
  );
  const names = new Set(files.map((f) => f.fileName));
  const modules = new ModuleOrder(ts, files, (from, specifier) => {
    const target = `${path.posix.join(path.posix.dirname(from), specifier)}.ts`;
    return names.has(target) ? target : undefined;
  });
  const short = (f: ts.SourceFile) => path.posix.basename(f.fileName, '.ts');
  return { files: modules.files.map(short), cyclic: files.filter((f) => modules.inCycle(f)).map(short) };
}

describe('module order', () => {
  it('runs imports before the module importing them, in the order written, each once', () => {
    expect(order({ main: ['stack', 'names'], stack: ['names', 'util'], names: [], util: [] })).toEqual({
      files: ['names', 'util', 'stack', 'main'],
      cyclic: [],
    });
  });

  it('starts from the files no other imports, then any file left', () => {
    expect(order({ a: [], test: ['a'], main: ['a'] }).files).toEqual(['a', 'test', 'main']);
    expect(order({ x: ['y'], y: ['x'] })).toEqual({ files: ['y', 'x'], cyclic: ['x', 'y'] });
  });

  it('marks every module of a cycle, also one reached through an edge across the walk', () => {
    // a → c → a is found first; b (a → b → c) is in the same cycle through c.
    expect(order({ main: ['a'], a: ['c', 'b'], b: ['c'], c: ['a'], d: [] }).cyclic).toEqual(['a', 'b', 'c']);
    expect(order({ main: ['self'], self: ['self'] }).cyclic).toEqual(['self']);
  });

  it('takes no edge for an import of types only', () => {
    expect(order({ main: ['a'], a: ['main'] }, ['a>main'])).toEqual({ files: ['a', 'main'], cyclic: [] });
  });
});
