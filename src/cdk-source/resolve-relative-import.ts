import path from 'node:path';

/**
 * Resolves a relative module specifier to one of the project's files, as TypeScript's `node16` and
 * `bundler` resolution would for `.ts` sources: `./users`, `./users.js` (NodeNext spells the emitted
 * file), `./users.ts`, `./lib` (its `index.ts`). Package specifiers are not resolved: without
 * node_modules only the project's own files are read.
 */
export function resolveRelativeImport(files: ReadonlySet<string>, fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.mts`, `${stem}.cts`, `${stem}.tsx`, path.join(base, 'index.ts')];
  return candidates.find((candidate) => files.has(candidate));
}
