import path from 'node:path';
import type * as ts from 'typescript';
import { parseJsonValue } from '../core/json-tree.js';
import { moduleImports } from './module-order.js';

/**
 * One CDK app of a project: the files its entry reaches through imports (README, "CDK TypeScript
 * source", Projects). `entry` is undefined for the project's only app, and for the files reached by no
 * entry when the project has several apps (analysed together in a unit of their own, so nothing they
 * create is lost).
 */
export interface CdkAppFiles {
  readonly entry: string | undefined;
  /** In the order of the project's files. */
  readonly files: readonly ts.SourceFile[];
}

/**
 * The TypeScript file `cdk.json`'s `app` command runs, absolute: the CDK CLI runs that command to
 * synthesize the app (https://docs.aws.amazon.com/cdk/v2/guide/cli.html, "Specify the app command"),
 * e.g. `npx ts-node --prefer-ts-exts bin/app.ts` or `npx tsx bin/app.ts`; its `.ts` argument is the
 * app's entry, relative to the directory of `cdk.json`. Undefined when the text is not JSON with a
 * string `app` naming one `.ts`/`.mts`/`.cts`/`.tsx` file (an app of compiled JavaScript, a shell script).
 * Comments and trailing commas are accepted: the CDK CLI reads the file leniently too.
 */
export function cdkJsonEntry(text: string, cdkJsonDirectory: string): string | undefined {
  const scripts = appWords(text).filter((word) => /\.(?:ts|mts|cts|tsx)$/.test(word) && !/\.d\.(?:ts|mts|cts)$/.test(word));
  const [script] = scripts;
  return scripts.length === 1 && script !== undefined ? path.resolve(cdkJsonDirectory, script) : undefined;
}

/**
 * The JavaScript file `cdk.json`'s `app` command runs (`node bin/app.js`, `node app.mjs`), as written
 * there: an app written in JavaScript, or compiled from TypeScript before it runs. Undefined when the
 * command names no `.js`, `.mjs` or `.cjs` file, names a TypeScript file too, or runs `credlint cdk-app`
 * (which checks the cloud assembly at every synthesis).
 */
export function cdkJsonJavaScriptApp(text: string): string | undefined {
  const words = appWords(text);
  if (words.some((word) => /\.(?:ts|mts|cts|tsx)$/.test(word) || word === 'cdk-app')) return undefined;
  return words.find((word) => /\.(?:js|mjs|cjs)$/.test(word));
}

/**
 * `cdk.json`'s `app` command where it runs an app in another language than TypeScript and JavaScript
 * (`python3 app.py`, `mvn -e -q compile exec:java`, `dotnet run ...`, `go run my-app.go`): what it
 * runs is no source credlint reads. Undefined when it names a TypeScript or JavaScript file, runs
 * `credlint cdk-app` (which checks the cloud assembly at every synthesis), or is not a non-empty string.
 */
export function cdkJsonOtherLanguageApp(text: string): string | undefined {
  const app = appCommand(text)?.trim();
  if (app === undefined || app === '') return undefined;
  const words = splitWords(app);
  if (words.some((word) => /\.(?:ts|mts|cts|tsx|js|mjs|cjs)$/.test(word) || word === 'cdk-app')) return undefined;
  return app;
}

/** `cdk.json`'s `app` command; undefined when the text is not JSON with a string `app`. */
function appCommand(text: string): string | undefined {
  const { value } = parseJsonValue(text, 'lenient');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const app = (value as Record<string, unknown>).app;
  return typeof app === 'string' ? app : undefined;
}

function splitWords(app: string): string[] {
  return app.split(/\s+/).map((word) => word.replace(/^["']|["']$/g, ''));
}

/** The words of `cdk.json`'s `app` command, unquoted; none when the text is not JSON with a string `app`. */
export function appWords(text: string): string[] {
  const app = appCommand(text);
  return app === undefined ? [] : splitWords(app);
}

/**
 * Splits a project's files into its CDK apps. Each app is synthesized by running its entry file, so
 * it holds exactly the constructs of the files that entry imports, transitively: two entries sharing
 * a stack class are two deployments, and a user keyed once in each has one key in each.
 *
 * The entries: the file `cdk.json` names (`namedEntry`, when it is one of `files`), and every other
 * file that creates an `App` (`new App(...)`, `new cdk.App(...)`) and is not reached from the named
 * entry (a test or a second app file). With at most one entry the project is one app holding all its
 * files, as before apps were told apart. With several, each entry's app holds the files it reaches,
 * and the files reached by no entry (with what they import) form one more unit, so that a construct
 * in a file no entry imports is still analysed.
 */
export function cdkApps(
  ts: typeof import('typescript'),
  files: readonly ts.SourceFile[],
  resolveImport: (fromFile: string, specifier: string) => string | undefined,
  namedEntry: string | undefined,
): CdkAppFiles[] {
  const byName = new Map(files.map((f) => [f.fileName, f]));
  const imports = new Map<string, string[]>();
  for (const file of files)
    imports.set(
      file.fileName,
      moduleImports(ts, file)
        .map(({ specifier }) => resolveImport(file.fileName, specifier))
        .filter((target): target is string => target !== undefined && byName.has(target)),
    );
  const reach = (starts: readonly string[]): Set<string> => {
    const seen = new Set(starts);
    const queue = [...starts];
    for (let next = queue.shift(); next !== undefined; next = queue.shift())
      for (const target of imports.get(next) ?? [])
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
    return seen;
  };
  const named = namedEntry !== undefined && byName.has(namedEntry) ? namedEntry : undefined;
  const fromNamed = named === undefined ? new Set<string>() : reach([named]);
  const entries = [...(named === undefined ? [] : [named]), ...files.filter((f) => !fromNamed.has(f.fileName) && createsApp(ts, f)).map((f) => f.fileName)];
  if (entries.length <= 1) return [{ entry: undefined, files }];
  const apps: CdkAppFiles[] = [];
  const reached = new Set<string>();
  for (const entry of entries) {
    const members = reach([entry]);
    for (const member of members) reached.add(member);
    apps.push({ entry, files: files.filter((f) => members.has(f.fileName)) });
  }
  const unreached = files.filter((f) => !reached.has(f.fileName)).map((f) => f.fileName);
  if (unreached.length > 0) {
    const members = reach(unreached);
    apps.push({ entry: undefined, files: files.filter((f) => members.has(f.fileName)) });
  }
  return apps;
}

/**
 * Whether a file creates a CDK `App` anywhere (`new App()`, `new cdk.App()`; in a test, inside a
 * callback). Walked with an explicit stack: a deeply nested file must not overflow the call stack.
 */
export function createsApp(ts: typeof import('typescript'), sourceFile: ts.SourceFile): boolean {
  if (!sourceFile.text.includes('App')) return false;
  const stack: ts.Node[] = [sourceFile];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (ts.isNewExpression(node)) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'App') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'App')) return true;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}
