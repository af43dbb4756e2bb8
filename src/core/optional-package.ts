import path from 'node:path';
import { ownDirectory, ownRequire } from './own-module.mjs';
import { requireWithCodeCache } from './code-cache.js';

/**
 * The packages only some uses of credlint need. They are optional peer dependencies, so that a
 * Terraform or CloudFormation scan installs none of them (`npm install credlint` pulls only what the
 * CLI always needs); `range` is the one `package.json` declares, `install` what credlint's messages
 * tell a user to install where that differs.
 *
 * `typescript` 7 and later (what `cdk init` sets up since the CDK moved to it) is TypeScript's native
 * compiler: its package has no JavaScript API. The peer range admits it, so that credlint installs
 * into such a project, and the API then comes from `@typescript/typescript6`, TypeScript 6's API
 * published to live beside TypeScript 7 (README, "What installing costs").
 */
export const OPTIONAL_PACKAGES = {
  typescript: {
    range: '^5.0.0 || ^6.0.0 || ^7.0.0',
    install: '^5.0.0 || ^6.0.0',
    neededFor: 'scanning CDK TypeScript source and the ESLint plugin',
  },
  '@typescript/typescript6': { range: '^6.0.0', install: '^6.0.0', neededFor: 'scanning CDK TypeScript source where typescript is 7 or later' },
  '@typescript-eslint/parser': { range: '^8.72.0', install: '^8.72.0', neededFor: 'the ESLint plugin' },
  'aws-cdk-lib': { range: '^2.71.0', install: '^2.71.0', neededFor: 'credlint/cdk (the CDK validation plugin and Aspect)' },
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** What each optional package exports (types only: nothing is loaded by naming them). */
interface OptionalPackageModules {
  typescript: typeof import('typescript');
  '@typescript/typescript6': typeof import('typescript');
  '@typescript-eslint/parser': typeof import('@typescript-eslint/parser');
  'aws-cdk-lib': typeof import('aws-cdk-lib');
}

/**
 * How to install the package `name` (`range`) where credlint loads it from: optional packages
 * resolve from credlint's own location, never from the scanned repository (whose code credlint must
 * not run). When credlint runs from a `node_modules` outside the current directory (npx's cache, a
 * global install), adding the package to the project would not reach it, so the hint installs both
 * in the project.
 */
export function installHint(name: string, range: string, cwd: string = process.cwd()): string {
  const spec = `${name}@'${range}'`;
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = ownDirectory.lastIndexOf(marker);
  const project = at < 0 ? undefined : ownDirectory.slice(0, at);
  const inside = project === undefined || cwd === project || cwd.startsWith(project + path.sep);
  if (inside) return `npm install --save-dev ${spec}`;
  return `credlint runs from ${project}${marker.slice(0, -1)} (npx's cache or a global install) and loads ${name} only from there: npm install --save-dev credlint ${spec} in the project, then npx credlint`;
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
 * TypeScript's JavaScript API: `typescript` when it has one (5.x, 6.x), else `@typescript/typescript6`
 * (TypeScript 6's API beside a `typescript` 7, which has none: `OPTIONAL_PACKAGES`). Neither
 * installed is `MissingOptionalPackage` naming `typescript`; a `typescript` without an API and no
 * `@typescript/typescript6` is one naming the latter, with the version found. `codeCache` as for
 * `requireOptional`.
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
  if (isCompilerApi(installed)) return installed;
  let beside: unknown;
  try {
    beside = requireTypeScript6(options);
  } catch (error) {
    if (!(error instanceof MissingOptionalPackage)) throw error;
    if (missing) throw missing;
  }
  if (isCompilerApi(beside)) return beside;
  const version = (installed as { version?: unknown } | undefined)?.version;
  throw new MissingOptionalPackage(
    '@typescript/typescript6',
    `typescript ${typeof version === 'string' ? version : '(of an unknown version)'} is installed, which has no JavaScript API ` +
      `(TypeScript 7 and later are a native compiler); ${OPTIONAL_PACKAGES.typescript.neededFor} need TypeScript 6's API beside it: ` +
      installHint('@typescript/typescript6', OPTIONAL_PACKAGES['@typescript/typescript6'].install),
  );
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
