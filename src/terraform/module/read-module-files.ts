/**
 * Reading and parsing the files of one module directory. `.tf` goes through the native HCL parser
 * (`../native/parse-native-hcl.ts`), `.tf.json` through a JSON parser; both get located blocks for positions. A file that fails
 * becomes a diagnostic and the module is analysed from the files that parsed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Deadline } from '../../core/deadline.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { parseError } from '../../core/diagnostic.js';
import { countJsonNodes } from '../../core/count-structure.js';
import { parseJsonTree, type JsonNode } from '../../core/json-tree.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../../core/limits.js';
import { range } from '../../core/location.js';
import { LineIndex } from '../../core/source-text.js';
import { linkLeadingOut, type FileReader } from '../../io/file-reader.js';
import { locateTfJson } from '../locate/locate-tf-json.js';
import { parseHcl, type Selection, type SharedParses } from '../parse-hcl.js';
import { loadFunctionsFor } from './expr-api.js';
import type { JsonObject, ParsedFile } from './module-config.js';
import { tfJsonBody } from './tf-json-body.js';
import { isExactDecimal } from '../expr/exact-number.js';
import { filesReadBy, isConfigurationFile, isJsonConfigurationFile, type TerraformEngine } from '../configuration-files.js';

/**
 * What finding a module's calls needs of a `.tf` file (`readTerraformFile`'s `only`): its module
 * blocks and their `source` and `version`, all that the call graph and the calls' notes read
 * (`find-roots.ts`, `module-tree.ts`: a `version` makes the source a registry address).
 */
export const MODULE_SOURCES: Selection = { type: 'module', attributes: ['source', 'version'] };

export function isTerraformFile(name: string): boolean {
  return isConfigurationFile(name);
}

/**
 * The configuration files of a directory that is not among the scanned paths (a called module) that
 * `engine` reads (`filesReadBy`: OpenTofu's without the `.tf` files a `.tofu` twin replaces,
 * Terraform's without the `.tofu` files), and all of its configuration files (`all`: the engines read
 * a directory holding a `.tofu` file differently); undefined when it cannot be listed. Symlinked files that lead outside
 * the repository are returned apart, not read: a pull request must not make credlint read files elsewhere.
 */
export async function listModuleFiles(
  dir: string,
  reader: FileReader,
  engine: TerraformEngine = 'opentofu',
): Promise<{ files: string[]; outside: Diagnostic[]; all: string[] } | undefined> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const files: string[] = [];
  const outside: Diagnostic[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    // A FIFO or socket is listed too: the reader refuses it with a note, where leaving it out made it vanish unsaid.
    if (!isTerraformFile(entry.name) || entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    const target = entry.isSymbolicLink() ? reader.linkTargetOutside(path) : undefined;
    if (target !== undefined) outside.push(linkLeadingOut(path, target));
    else files.push(path);
  }
  return { files: filesReadBy(engine, files), outside, all: files };
}

/**
 * A number a double would round (`"user": 12345678901234567891`, `123456789.123456789`, `1e999`)
 * becomes the expression `"${12345678901234567891}"`, which the evaluator leaves unknown as it does
 * that literal in a `.tf` file: Terraform's numbers are exact to 512 bits (`exact-number.ts`), and
 * the rounded double names another user.
 */
function keepNumbersExact(root: JsonNode, text: string): void {
  const pending = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const child of node.children ?? []) pending.push(child);
    if (node.type !== 'number' || Number.isSafeInteger(node.value)) continue;
    const written = text.slice(node.offset, node.offset + node.length);
    if (typeof node.value === 'number' && isExactDecimal(written, node.value)) continue;
    // The tree was parsed for this file just above and is read once, by `tfJsonBody`.
    Object.assign(node, { type: 'string', value: `\${${written}}` });
  }
}

function parseTfJson(file: string, text: string, limits: Limits): { ok: true; body: JsonObject } | { ok: false; diagnostic: Diagnostic } {
  // Counted before the value and the located tree are built: they are what costs memory.
  const size = countJsonNodes(text, limits.parseNodes);
  if (!size.within) {
    const { line, column } = new LineIndex(text).position(size.offset);
    return {
      ok: false,
      diagnostic: limitReached(
        { file, range: range(line, column, line, column + 1) },
        'parseNodes',
        limits,
        'the file has too many JSON values to parse; it is not analysed',
      ),
    };
  }
  const { root, error } = parseJsonTree(text, 'strict');
  if (error !== undefined || root === undefined) {
    const { line, column } = new LineIndex(text).position(error?.offset ?? 0);
    return { ok: false, diagnostic: parseError({ file, range: range(line, column, line, column + 1) }, `invalid JSON: ${error?.message ?? 'no value'}`) };
  }
  keepNumbersExact(root, text);
  const read = tfJsonBody(root);
  if (!read.ok) {
    const { line, column } = new LineIndex(text).position(read.offset);
    return { ok: false, diagnostic: parseError({ file, range: range(line, column, line, column + 1) }, read.message) };
  }
  return { ok: true, body: read.body };
}

/**
 * Reads and parses one file; never throws. With `only`, a `.tf` file is parsed whole (so that it
 * fails as it would when loaded) but only what it selects is rendered (`parseHcl`), and only the
 * top-level blocks of its type are located; `SharedParses` also shares the parse of identical texts.
 */
export async function readTerraformFile(
  file: string,
  reader: FileReader,
  deadline?: Deadline,
  limits: Limits = DEFAULT_LIMITS,
  only?: Selection | SharedParses,
): Promise<{ ok: true; parsed: ParsedFile } | { ok: false; diagnostic: Diagnostic; abandoned?: true }> {
  const source = reader.readSource(file);
  if (!source.ok) return source;
  try {
    await loadFunctionsFor(source.text);
    if (isJsonConfigurationFile(file)) {
      const result = parseTfJson(file, source.text, limits);
      if (!result.ok) return result;
      return { ok: true, parsed: { file, syntax: 'json', body: result.body, located: locateTfJson(source.text) } };
    }
    const result = await parseHcl(file, source.text, deadline, only, limits);
    if (!result.ok) return result;
    return { ok: true, parsed: { file, syntax: 'hcl', body: result.body, located: result.located } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, diagnostic: parseError({ file, range: range(1, 1, 1, 2) }, `cannot analyse file: ${message}`) };
  }
}
