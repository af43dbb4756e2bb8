import path from 'node:path';
import { ownDirectory, ownRequire } from './own-module.cjs';
import { requireWithCodeCache } from './code-cache.js';

/**
 * The packages only some uses of credlint need. They are optional peer dependencies, so that a
 * Terraform or CloudFormation scan installs none of them (`npm install credlint` pulls only what the
 * CLI always needs); `range` is the one `package.json` declares, `install` what credlint's messages
 * tell a user to install where that differs.
 *
 * `typescript` 3.9 and 4.9 are what `cdk init` pinned until mid 2023 (`~3.9.7` until late 2022, then
 * `~4.9.5`), and 7 (TypeScript's native compiler, whose package has no JavaScript API) what it pins
 * now: the peer range admits them all, so that npm installs credlint into such a project instead of
 * stopping with ERESOLVE. 4.9's API reads CDK source as 5's and 6's do; beside an older `typescript`
 * or a 7, the API comes from TypeScript 6 installed under another name (`requireTypeScript`):
 * `typescript6`, an npm alias of `typescript@6`, installed with `--no-bin-links`. Both TypeScripts
 * have a `tsc`, and npm links one into `node_modules/.bin`: the package an install adds replaces the
 * link, so without that flag the project would build with TypeScript 6 until a later full install
 * links `typescript`'s again (it sorts first). Microsoft's `@typescript/typescript6` holds the
 * same API and is still read, but it brings TypeScript 6 as `@typescript/old`, which sorts before
 * `typescript` and so keeps `tsc` even after a full install.
 */
export const OPTIONAL_PACKAGES = {
  typescript: {
    range: '^3.9.0 || ^4.0.0 || ^5.0.0 || ^6.0.0 || ^7.0.0',
    install: '^5.0.0 || ^6.0.0',
    neededFor: 'scanning CDK TypeScript source and the ESLint plugin',
  },
  typescript6: {
    range: '^6.0.0',
    install: 'npm:typescript@^6.0.3',
    neededFor: 'scanning CDK TypeScript source where typescript is 7 or later, or older than 4.9',
  },
  '@typescript/typescript6': { range: '^6.0.0', install: '^6.0.0', neededFor: 'scanning CDK TypeScript source where typescript is 7 or later' },
  '@typescript-eslint/parser': { range: '^8.72.0', install: '^8.72.0', neededFor: 'the ESLint plugin' },
  'aws-cdk-lib': { range: '^2.71.0', install: '^2.71.0', neededFor: 'credlint/cdk (the CDK validation plugin and Aspect)' },
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** What each optional package exports (types only: nothing is loaded by naming them). */
interface OptionalPackageModules {
  typescript: typeof import('typescript');
  typescript6: typeof import('typescript');
  '@typescript/typescript6': typeof import('typescript');
  '@typescript-eslint/parser': typeof import('@typescript-eslint/parser');
  'aws-cdk-lib': typeof import('aws-cdk-lib');
}

/**
 * How to install the package `name` (`range`) where credlint loads it from: optional packages
 * resolve from credlint's own location, never from the scanned repository (whose code credlint must
 * not run). When credlint runs from a `node_modules` outside the current directory (npx's cache, a
 * global install), adding the package to the project would not reach it, so the hint installs both
 * in the project. `flags` go to the package's own `npm install` only (`--no-bin-links`: `typescript6`).
 */
export function installHint(name: string, range: string, cwd: string = process.cwd(), flags = ''): string {
  const command = `npm install --save-dev ${flags === '' ? '' : `${flags} `}${name}@'${range}'`;
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = ownDirectory.lastIndexOf(marker);
  const project = at < 0 ? undefined : ownDirectory.slice(0, at);
  const inside = project === undefined || cwd === project || cwd.startsWith(project + path.sep);
  if (inside) return command;
  const both = flags === '' ? command.replace('npm install --save-dev ', 'npm install --save-dev credlint ') : `npm install --save-dev credlint && ${command}`;
  return `credlint runs from ${project}${marker.slice(0, -1)} (npx's cache or a global install) and loads ${name} only from there: ${both} in the project, then npx credlint`;
}

/** Thrown when an optional package is not installed; its message says what needs it and how to add it. */
export class MissingOptionalPackage extends Error {
  constructor(
    readonly packageName: OptionalPackage,
    message?: string,
  ) {
    const { install, neededFor } = OPTIONAL_PACKAGES[packageName];
    super(message ?? `${neededFor} needs the package ${packageName} (${install}), which is not installed: ${installHint(packageName, install)}`);
    this.name = 'MissingOptionalPackage';
  }
}

/**
 * Requires an optional package (CommonJS, synchronously: ESLint calls rules synchronously), resolved
 * from credlint's own location as a dependency would be. A missing package becomes
 * `MissingOptionalPackage`; any other failure (the package itself throwing) is rethrown as it is.
 * With `codeCache`, through the CLI's compiled-code cache when the CLI turned it on (`code-cache.ts`);
 * never for the ESLint plugin, whose `typescript` is typescript-eslint's.
 */
export function requireOptional<Name extends OptionalPackage>(packageName: Name, options: { readonly codeCache?: boolean } = {}): OptionalPackageModules[Name] {
  try {
    return (options.codeCache === true ? requireWithCodeCache(packageName) : ownRequire(packageName)) as OptionalPackageModules[Name];
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'MODULE_NOT_FOUND' && error instanceof Error && error.message.includes(`'${packageName}'`)) throw new MissingOptionalPackage(packageName);
    throw error;
  }
}

/** Whether `module` is TypeScript's JavaScript API (TypeScript 7's package exports only its version). */
function isCompilerApi(module: unknown): module is typeof import('typescript') {
  const api = module as { createSourceFile?: unknown; SyntaxKind?: unknown } | undefined;
  return typeof api?.createSourceFile === 'function' && typeof api.SyntaxKind === 'object';
}

/**
 * The oldest `typescript` whose API credlint reads CDK source with: the syntax-tree functions it calls
 * (`isTypeAssertionExpression`, `getModifiers`, ...) arrived by 4.9.
 */
const OLDEST_API = [4, 9] as const;

/** Whether `version` ("4.9.5", "5.6.3") is at least `OLDEST_API`; an unreadable one is not. */
function isRecentEnough(version: unknown): boolean {
  const match = typeof version === 'string' ? /^(\d+)\.(\d+)\./.exec(version) : null;
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > OLDEST_API[0] || (major === OLDEST_API[0] && minor >= OLDEST_API[1]);
}

/**
 * TypeScript's JavaScript API: `typescript` when it has one that is recent enough (4.9 to 6.x), else
 * TypeScript 6's installed beside it (`typescript6`, else `@typescript/typescript6`: `OPTIONAL_PACKAGES`),
 * as beside a `typescript` 7 (which has none) or one older than 4.9. None installed is
 * `MissingOptionalPackage` naming `typescript`; an unusable `typescript` without TypeScript 6 beside it
 * is one naming `typescript6`, with the version found and why. `codeCache` as for `requireOptional`.
 */
export function requireTypeScript(options: { readonly codeCache?: boolean } = {}): typeof import('typescript') {
  let installed: unknown;
  let missing: MissingOptionalPackage | undefined;
  try {
    installed = requireOptional('typescript', options);
  } catch (error) {
    if (!(error instanceof MissingOptionalPackage)) throw error;
    missing = error;
  }
  if (isCompilerApi(installed) && isRecentEnough(installed.version)) return installed;
  const beside = besideTypeScript(options);
  if (beside !== undefined) return beside;
  if (missing) throw missing;
  const version = (installed as { version?: unknown } | undefined)?.version;
  const why = isCompilerApi(installed)
    ? `whose JavaScript API is older than the ${OLDEST_API.join('.')} credlint reads`
    : 'which has no JavaScript API (TypeScript 7 and later are a native compiler)';
  throw new MissingOptionalPackage(
    'typescript6',
    `typescript ${typeof version === 'string' ? version : '(of an unknown version)'} is installed, ${why}; ` +
      `${OPTIONAL_PACKAGES.typescript.neededFor} need TypeScript 6's API beside it, installed under another name and ` +
      `without linking its tsc, so that the project's own stays: ${installHint('typescript6', OPTIONAL_PACKAGES.typescript6.install, undefined, '--no-bin-links')}`,
  );
}

/** TypeScript 6's API installed beside `typescript`, if it is (`requireTypeScript`). */
function besideTypeScript(options: { readonly codeCache?: boolean }): typeof import('typescript') | undefined {
  for (const load of [() => requireOptional('typescript6', options), () => requireTypeScript6(options)]) {
    try {
      const api = load();
      if (isCompilerApi(api) && isRecentEnough(api.version)) return api;
    } catch (error) {
      if (!(error instanceof MissingOptionalPackage)) throw error;
    }
  }
  return undefined;
}

/**
 * `@typescript/typescript6`. Its entry only re-exports the package it depends on, TypeScript 6 itself
 * (`@typescript/old`), so with the code cache that package is required through the cache from the
 * entry's location first (the 9 MB bundle is what the cache is for); any trouble doing so, the
 * ordinary way.
 */
function requireTypeScript6(options: { readonly codeCache?: boolean }): unknown {
  if (options.codeCache === true) {
    try {
      const cached = requireWithCodeCache('@typescript/old', ownRequire.resolve('@typescript/typescript6'));
      if (isCompilerApi(cached)) return cached;
    } catch {
      // Not there, or not as expected: the ordinary way below loads it or says what is missing.
    }
  }
  return requireOptional('@typescript/typescript6');
}
