import path from 'node:path';
import type * as ts from 'typescript';
import { parseJsonValue } from '../core/json-tree.js';
import { appWords, type CdkAppFiles } from './cdk-apps.js';
import type { DeclarationIndex } from './resolve-declaration.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { unwrapExpression } from './unwrap-expression.js';
import { unknown, type StaticValue } from './static-value.js';

/**
 * `require.main === module`, the CommonJS test of whether a file is the one Node.js was asked to run
 * (https://nodejs.org/api/modules.html#accessing-the-main-module): an app's entry guards its
 * `main()` with it so that tests can import the entry without synthesizing. When `cdk synth` runs the
 * entry `cdk.json` names through ts-node or tsx as CommonJS, the test is true in that file and false
 * in every file it imports. Under ES modules `require` does not exist (the app stops with a
 * ReferenceError), and other runners are not known: there the test stays unknown.
 */

/** The words of `cdk.json`'s `app` command that run a TypeScript file through ts-node or tsx as CommonJS. */
const COMMONJS_RUNNERS = new Set(['ts-node', 'ts-node-script', 'ts-node-transpile-only', 'ts-node/register', 'ts-node/register/transpile-only', 'tsx']);
/** Words that make ts-node load files as ES modules. */
const ESM_WORDS = new Set(['--esm', 'ts-node-esm', 'ts-node/esm', '--loader', '--import', '--experimental-loader']);

/**
 * The entry the `app` command of `cdk.json` (its text `cdkJson`) runs as Node.js's CommonJS main module: `namedEntry`
 * when the command runs it through ts-node or tsx (`npx ts-node --prefer-ts-exts bin/app.ts`,
 * `npx tsx bin/app.ts`), it is not an `.mts` file, and the nearest `package.json` from its directory up
 * to `stopAt` does not make it an ES module (`"type": "module"`; none found: CommonJS, Node.js's default,
 * https://nodejs.org/api/packages.html#type). `readText` reads a file through the repository's door:
 * undefined when it is not there, null when it is there but cannot be read (then nothing is known).
 */
export function commonJsEntry(
  cdkJson: string | undefined,
  namedEntry: string | undefined,
  stopAt: string,
  readText: (file: string) => string | null | undefined,
): string | undefined {
  if (cdkJson === undefined || namedEntry === undefined || namedEntry.endsWith('.mts')) return undefined;
  const words = appWords(cdkJson);
  const runner = words.some((word) => COMMONJS_RUNNERS.has(path.posix.basename(word)) || COMMONJS_RUNNERS.has(word));
  if (!runner || words.some((word) => ESM_WORDS.has(word) || word.startsWith('--loader=') || word.startsWith('--import='))) return undefined;
  if (namedEntry.endsWith('.cts')) return namedEntry;
  const top = path.resolve(stopAt);
  for (let directory = path.dirname(namedEntry); ; directory = path.dirname(directory)) {
    const text = readText(path.join(directory, 'package.json'));
    if (text === null) return undefined;
    if (text !== undefined) {
      const { value, error } = parseJsonValue(text, 'strict');
      if (error || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
      return (value as Record<string, unknown>).type === 'module' ? undefined : namedEntry;
    }
    if (directory === top || path.dirname(directory) === directory || !directory.startsWith(top)) return namedEntry;
  }
}

/**
 * Per app of a project: the entry that runs as the main module (`commonJsEntry`) for the app `cdk.json`
 * runs (its entry, or the only app), as `cdkJsonContextPerApp` gives the context; none for the others,
 * which something else runs (a test file creating its own `App`).
 */
export function entryFilePerApp(apps: readonly CdkAppFiles[], files: readonly ts.SourceFile[], entry: string | undefined): (string | undefined)[] {
  const given = entry !== undefined && files.some((f) => f.fileName === entry) ? entry : undefined;
  return apps.map((app) => (given !== undefined && (app.entry === given || (app.entry === undefined && apps.length === 1)) ? given : undefined));
}

/** Whether a file's text may hold a `require.main === module` test (read before anything else is). */
export function mayTestMainModule(text: string): boolean {
  return text.includes('require') && text.includes('module');
}

/**
 * `require.main === module` (also `!==`, `==`, `!=`, either side first) where the project declares
 * neither name: whether the file is `entryFile`, the main module; unknown without one. Undefined
 * for any other expression.
 */
export function mainModuleTest(
  t: typeof import('typescript'),
  index: DeclarationIndex,
  node: ts.BinaryExpression,
  entryFile: string | undefined,
): StaticValue | undefined {
  const operator = node.operatorToken.kind;
  const negated = operator === t.SyntaxKind.ExclamationEqualsEqualsToken || operator === t.SyntaxKind.ExclamationEqualsToken;
  if (!negated && operator !== t.SyntaxKind.EqualsEqualsEqualsToken && operator !== t.SyntaxKind.EqualsEqualsToken) return undefined;
  const left = unwrapExpression(t, node.left);
  const right = unwrapExpression(t, node.right);
  const undeclared = (e: ts.Expression, name: string): e is ts.Identifier => t.isIdentifier(e) && e.text === name && !index.find(e);
  const requireMain = (e: ts.Expression) =>
    isNamedMemberAccess(t, e) && memberNameOf(t, e) === 'main' && undeclared(unwrapExpression(t, e.expression), 'require');
  if (!((requireMain(left) && undeclared(right, 'module')) || (requireMain(right) && undeclared(left, 'module')))) return undefined;
  if (entryFile === undefined) return unknown('which file runs as the main module is known only for the entry cdk.json runs with ts-node or tsx as CommonJS');
  return { kind: 'boolean', value: (node.getSourceFile().fileName === entryFile) !== negated };
}
