/** The files `recommended` applies to: TypeScript in every module flavour (docs/eslint-plugin.md). */
export const TYPESCRIPT_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/**
 * Whether `filename` is one of those: a file on disk, or a block that an editor or a processor names
 * (`README.md/0_0.ts`), as ESLint matches `files` against it. The CLI analyses the same files (`.d.ts`
 * aside, which hold no code that runs).
 */
export function isTypeScriptFileName(filename: string): boolean {
  return /\.(?:ts|tsx|mts|cts)$/.test(filename);
}
