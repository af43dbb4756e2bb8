import path from 'node:path';
import { parseJsonValue } from '../core/json-tree.js';

/** A project's module aliases (`compilerOptions.paths` and `baseUrl` of its `tsconfig.json`), absolute. */
export interface ImportAliases {
  /** Non-relative specifiers are looked up under it, after `paths`. */
  readonly baseUrl: string | undefined;
  /** In the order written; each target absolute, with at most one `*`. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
  /** How many patterns were left out past `MAX_PATH_PATTERNS`. */
  readonly leftOut: number;
}

/**
 * At most this many `paths` patterns are used (the first ones written): every non-relative import is
 * matched against each, so a hostile tsconfig.json must not multiply the work by its size
 * (docs/security.md). Real projects declare a handful.
 */
export const MAX_PATH_PATTERNS = 1_000;

/**
 * The aliases a `tsconfig.json` declares (`read` returns a file's text, or undefined when it cannot
 * be read). The file is JSON with comments and trailing commas, as TypeScript reads it. `baseUrl` is
 * relative to the file declaring it; `paths` targets are relative to `baseUrl` when one is in force,
 * else to the file declaring `paths` (https://www.typescriptlang.org/tsconfig/#paths). A relative
 * `extends` is followed one level (the options of the file itself win): a base config in the
 * repository is common, a chain of them is not; a package name (`@tsconfig/node20`) is not read,
 * since node_modules never are. Undefined when neither option is set.
 */
export function readImportAliases(tsconfigFile: string, read: (file: string) => string | undefined): ImportAliases | undefined {
  const own = compilerOptionsOf(tsconfigFile, read);
  if (!own) return undefined;
  const base = own.extends === undefined ? undefined : compilerOptionsOf(own.extends, read);
  const baseUrl = own.baseUrl ?? base?.baseUrl;
  const declared = own.paths ?? base?.paths;
  if (baseUrl === undefined && declared === undefined) return undefined;
  const entries = Object.entries(declared?.values ?? {});
  const paths = entries.slice(0, MAX_PATH_PATTERNS).map(([pattern, targets]) => ({
    pattern,
    targets: targets.map((target) => path.resolve(baseUrl ?? declared?.directory ?? path.dirname(tsconfigFile), target)),
  }));
  return { baseUrl, paths, leftOut: Math.max(0, entries.length - MAX_PATH_PATTERNS) };
}

interface CompilerOptions {
  readonly extends: string | undefined;
  readonly baseUrl: string | undefined;
  readonly paths: { readonly values: Readonly<Record<string, readonly string[]>>; readonly directory: string } | undefined;
}

function compilerOptionsOf(file: string, read: (file: string) => string | undefined): CompilerOptions | undefined {
  const text = read(file);
  if (text === undefined) return undefined;
  const { value } = parseJsonValue(text, 'lenient');
  if (!isRecord(value)) return undefined;
  const directory = path.dirname(file);
  const extended = value.extends;
  const options = isRecord(value.compilerOptions) ? value.compilerOptions : {};
  const rawPaths = isRecord(options.paths) ? options.paths : undefined;
  const paths = rawPaths
    ? Object.fromEntries(
        Object.entries(rawPaths).map(([pattern, targets]) => [
          pattern,
          Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string' && t.split('*').length <= 2) : [],
        ]),
      )
    : undefined;
  return {
    extends:
      typeof extended === 'string' && /^\.\.?[\\/]/.test(extended)
        ? path.resolve(directory, /\.json$/.test(extended) ? extended : `${extended}.json`)
        : undefined,
    baseUrl: typeof options.baseUrl === 'string' ? path.resolve(directory, options.baseUrl) : undefined,
    paths: paths ? { values: paths, directory } : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
