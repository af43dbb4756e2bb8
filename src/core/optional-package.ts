import { ownRequire } from './own-module.mjs';
import { requireWithCodeCache } from './code-cache.js';

/**
 * The packages only some uses of credlint need. They are optional peer dependencies, so that a
 * Terraform or CloudFormation scan installs none of them (`npm install credlint` pulls only what the
 * CLI always needs); the version range is the one `package.json` declares.
 */
export const OPTIONAL_PACKAGES = {
  typescript: { range: '^5.0.0 || ^6.0.0', neededFor: 'scanning CDK TypeScript source and the ESLint plugin' },
  '@typescript-eslint/parser': { range: '^8.72.0', neededFor: 'the ESLint plugin' },
  'aws-cdk-lib': { range: '^2.71.0', neededFor: 'credlint/cdk (the CDK validation plugin and Aspect)' },
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** What each optional package exports (types only: nothing is loaded by naming them). */
interface OptionalPackageModules {
  typescript: typeof import('typescript');
  '@typescript-eslint/parser': typeof import('@typescript-eslint/parser');
  'aws-cdk-lib': typeof import('aws-cdk-lib');
}

/** Thrown when an optional package is not installed; its message says what needs it and how to add it. */
export class MissingOptionalPackage extends Error {
  constructor(readonly packageName: OptionalPackage) {
    const { range, neededFor } = OPTIONAL_PACKAGES[packageName];
    super(`${neededFor} needs the package ${packageName} (${range}), which is not installed: npm install --save-dev ${packageName}@'${range}'`);
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
