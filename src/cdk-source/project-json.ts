import path from 'node:path';
import { countJsonNodes, jsonNestingPast } from '../core/count-structure.js';
import { parseError, type Diagnostic } from '../core/diagnostic.js';
import { MAX_JSON_NESTING } from '../core/json-tree.js';
import { LineIndex } from '../core/source-text.js';

/** What is unknown when a project's JSON file of this name is not read. */
const UNREAD_EFFECT: Readonly<Record<string, string>> = {
  'cdk.json': 'the app it runs and the context it gives it are unknown',
};

/**
 * A parse error at the bracket where a CDK project's JSON file (`cdk.json`, a `tsconfig.json` or the
 * file it extends) nests deeper than credlint parses JSON (`MAX_JSON_NESTING`), or undefined. Such a
 * file used to be read as naming nothing, without a word: the CDK CLI reads `cdk.json` with
 * `JSON.parse`, which takes far deeper nesting, so a pull request padding its `cdk.json` with 300
 * brackets hid the context an app's access key depended on, and the scan passed (exit 0).
 */
export function projectJsonTooDeep(file: string, text: string): Diagnostic | undefined {
  const offset = jsonNestingPast(text, MAX_JSON_NESTING);
  if (offset === undefined) return undefined;
  const name = path.basename(file);
  const effect = UNREAD_EFFECT[name] ?? 'the import paths it declares are unknown';
  const at = new LineIndex(text).position(offset);
  return parseError(
    { file, range: { start: at, end: { line: at.line, column: at.column + 1 } } },
    `${name} is nested deeper than ${String(MAX_JSON_NESTING)} levels and is not read: ${effect}, so findings may be missing`,
  );
}

/**
 * A parse error at the value where a CDK project's JSON file holds more values than `maxNodes` (the
 * `parseNodes` limit), or undefined. Such a file is not read (it names nothing, as one nested too deep):
 * TypeScript's tree of a 10 MB `cdk.json` of `[1,1,…]` took 7 s and 1.3 GB, where a template is refused
 * at the same bound before it is parsed.
 */
export function projectJsonTooLarge(file: string, text: string, maxNodes: number): Diagnostic | undefined {
  const count = countJsonNodes(text, maxNodes);
  if (count.within) return undefined;
  const name = path.basename(file);
  const effect = UNREAD_EFFECT[name] ?? 'the import paths it declares are unknown';
  const at = new LineIndex(text).position(count.offset);
  return parseError(
    { file, range: { start: at, end: { line: at.line, column: at.column + 1 } } },
    `analysis limit reached: ${name} holds more than ${String(maxNodes)} JSON values and is not read: ${effect}, so findings may be missing (limit parseNodes = ${String(maxNodes)}; raise it with --limit parseNodes=N)`,
  );
}
