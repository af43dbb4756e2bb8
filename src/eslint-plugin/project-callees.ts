import type * as ts from 'typescript';
import { projectCallees } from '../cdk-source/build-cdk-source-unit.js';

/**
 * For a project of several apps, whether some app of it calls a class or function, as the CLI asks
 * it (`src/formats/cdk-source/load-projects.ts`): a stack class one app instantiates and another only
 * imports (`ApiStack` of `bin/direct.ts`, beside the `ApiStage` of `bin/pipeline.ts` in the same file)
 * exists in the first app alone, so the second must not walk it on its own, as code nothing calls.
 * The project's call sites are searched once, when first asked, over the files the program holds.
 */
export function calledInProjectOnce(
  typescript: typeof import('typescript'),
  files: readonly ts.SourceFile[],
  resolveImport: (fromFile: string, specifier: string) => string | undefined,
): (node: ts.Node) => boolean {
  let called: ((node: ts.Node) => boolean) | undefined;
  return (node) => (called ??= projectCallees(typescript, files, resolveImport))(node);
}
