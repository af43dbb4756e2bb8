import path from 'node:path';
import { moduleCandidates } from '../core/module-candidates.js';
import type { ImportAliases } from './tsconfig-paths.js';

/**
 * Resolves a relative module specifier to one of the project's files, as TypeScript's `node16` and
 * `bundler` resolution would for `.ts` sources: `./users`, `./users.ts`, `./lib` (its `index.ts`), and
 * the emitted file's name NodeNext makes you write (`./users.js` for `users.ts`, `./users.mjs` for
 * `users.mts`, `./users.cjs` for `users.cts`; https://www.typescriptlang.org/docs/handbook/modules/reference.html#file-extension-substitution).
 * A non-relative specifier resolves through the project's `tsconfig.json` `paths` and `baseUrl`
 * (`aliases`, `tsconfig-paths.ts`) when they lead to a project file. Packages are not resolved:
 * without node_modules only the project's own files are read.
 */
export function resolveRelativeImport(files: ReadonlySet<string>, fromFile: string, specifier: string, aliases?: ImportAliases): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..')
    return aliases ? aliasedModule(files, specifier, aliases) : undefined;
  return moduleFile(files, path.resolve(path.dirname(fromFile), specifier));
}

/** The project file a module path (absolute, as written after resolving) names, trying TypeScript's extension substitutions. */
export function moduleFile(files: ReadonlySet<string>, base: string): string | undefined {
  return moduleCandidates(base).find((candidate) => files.has(candidate));
}

/**
 * A non-relative specifier through `paths` (the exact pattern, else the matching pattern with the
 * longest prefix before its `*`, each target in order), then `baseUrl` — TypeScript's order
 * (https://www.typescriptlang.org/tsconfig/#paths, https://www.typescriptlang.org/tsconfig/#baseUrl).
 */
function aliasedModule(files: ReadonlySet<string>, specifier: string, aliases: ImportAliases): string | undefined {
  for (const base of aliasedBases(specifier, aliases)) {
    const found = moduleFile(files, base);
    if (found) return found;
  }
  return undefined;
}

/** The module paths (absolute, before extension substitutions) a non-relative specifier names through `aliases`, in TypeScript's order. */
export function aliasedBases(specifier: string, aliases: ImportAliases): string[] {
  let best: { readonly targets: readonly string[]; readonly star: string; readonly length: number } | undefined;
  for (const alias of aliases.paths) {
    const star = alias.pattern.indexOf('*');
    if (star < 0) {
      if (alias.pattern === specifier) {
        best = { targets: alias.targets, star: '', length: Infinity };
        break;
      }
      continue;
    }
    const prefix = alias.pattern.slice(0, star);
    const suffix = alias.pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best && best.length >= prefix.length) continue;
    best = { targets: alias.targets, star: specifier.slice(prefix.length, specifier.length - suffix.length), length: prefix.length };
  }
  const bases = (best?.targets ?? []).map((target) => target.replace('*', best?.star ?? ''));
  if (aliases.baseUrl !== undefined) bases.push(path.resolve(aliases.baseUrl, specifier));
  return bases;
}
