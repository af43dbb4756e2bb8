import { createRequire } from 'node:module';

/**
 * The packages only some uses of credlint need. They are optional peer dependencies, so that a
 * Terraform or CloudFormation scan installs none of them (`npm install credlint` pulls only what the
 * CLI always needs); the version range is the one `package.json` declares.
 */
export const OPTIONAL_PACKAGES = {
  'ts-morph': { range: '^28.0.0', neededFor: 'scanning CDK TypeScript source' },
  typescript: { range: '^5.0.0 || ^6.0.0', neededFor: 'the ESLint plugin' },
  '@typescript-eslint/parser': { range: '^8.72.0', neededFor: 'the ESLint plugin' },
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

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
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- callers name the package's type (`requireOptional<typeof import('typescript')>`), one in src/loaders being moved now; a name-to-type map replaces T once that lands
export function requireOptional<T>(packageName: OptionalPackage): T {
  try {
    return createRequire(import.meta.url)(packageName) as T;
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'MODULE_NOT_FOUND' && error instanceof Error && error.message.includes(`'${packageName}'`)) throw new MissingOptionalPackage(packageName);
    throw error;
  }
}
