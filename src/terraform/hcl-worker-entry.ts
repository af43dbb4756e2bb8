/**
 * Where the hcl2json worker's script is. Built code (`dist/`) runs `hcl-worker.js` beside this file.
 * Running from the TypeScript sources (vitest), Node 20 cannot execute `.ts` in a worker, so the two
 * worker modules are transpiled once (TypeScript's `transpileModule`, a dev dependency, loaded only
 * in that case) into `node_modules/.cache/credlint-hcl-worker/<hash>/`, where `@cdktf/hcl2json`
 * still resolves from the repository's `node_modules`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The worker's modules, compiled as a set (the worker imports `./hcl2json.js` and the depth check). */
const WORKER_MODULES = ['hcl-worker', 'hcl2json', 'check-nesting-depth'] as const;

let entry: Promise<URL> | undefined;

export function hclWorkerEntry(): Promise<URL> {
  entry ??= import.meta.url.endsWith('.ts') ? transpileFromSource() : Promise.resolve(new URL('./hcl-worker.js', import.meta.url));
  return entry;
}

async function transpileFromSource(): Promise<URL> {
  const ts = (await import('typescript')).default;
  const sources = await Promise.all(WORKER_MODULES.map(async (name) => [name, await readFile(new URL(`./${name}.ts`, import.meta.url), 'utf8')] as const));
  const hash = createHash('sha256');
  for (const [name, text] of sources) hash.update(name).update('\0').update(text).update('\0');
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const dir = join(repo, 'node_modules', '.cache', 'credlint-hcl-worker', hash.digest('hex').slice(0, 16));
  await mkdir(dir, { recursive: true });
  const outputs: (readonly [string, string])[] = [['package.json', '{ "type": "module" }\n']];
  for (const [name, text] of sources) {
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: `${name}.ts`,
    });
    outputs.push([`${name}.js`, outputText]);
  }
  // Parallel test processes may do this at once: write aside, then rename (atomic on one filesystem).
  for (const [name, text] of outputs) {
    const temporary = join(dir, `${name}.${process.pid}.tmp`);
    await writeFile(temporary, text);
    await rename(temporary, join(dir, name));
  }
  return pathToFileURL(join(dir, 'hcl-worker.js'));
}
