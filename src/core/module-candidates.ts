import path from 'node:path';

/**
 * The files a module path (absolute, as written after resolving) may name, in TypeScript's order of
 * extension substitutions (https://www.typescriptlang.org/docs/handbook/modules/reference.html#file-extension-substitution).
 * Apart from the CDK source analysis (`cdk-source/resolve-relative-import.ts`) because the CDK
 * project prefilter, which every scan runs, needs it too, and must not load that analysis.
 */
export function moduleCandidates(base: string): string[] {
  const candidates = [base];
  const emitted = /\.(js|jsx|mjs|cjs)$/.exec(base);
  if (emitted) {
    const stem = base.slice(0, -emitted[0].length);
    const sources: Readonly<Record<string, readonly string[]>> = { js: ['.ts', '.tsx'], jsx: ['.tsx'], mjs: ['.mts'], cjs: ['.cts'] };
    candidates.push(...(sources[emitted[1] ?? ''] ?? []).map((extension) => stem + extension));
  } else {
    candidates.push(`${base}.ts`, `${base}.mts`, `${base}.cts`, `${base}.tsx`);
  }
  candidates.push(path.join(base, 'index.ts'), path.join(base, 'index.tsx'));
  return candidates;
}
