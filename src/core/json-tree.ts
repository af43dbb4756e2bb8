import { jsonNestingPast } from './count-structure.js';
import { requireWithCodeCache } from './code-cache.js';
import type { Node, ParseError, ParseOptions } from 'jsonc-parser';
import type { Range } from './location.js';
import { LineIndex } from './source-text.js';

/**
 * JSON with positions: the one place that calls jsonc-parser (a parser that keeps the offset and
 * length of every value and reports errors at an offset, which `JSON.parse` does not). Offsets are
 * UTF-16 code units of the text parsed; `jsonRange` turns them into positions with a `LineIndex`.
 *
 * jsonc-parser recurses once per nesting level, and so does every reader of its tree: text nested
 * deeper than `MAX_JSON_NESTING` is refused before it is parsed, with a syntax error at the bracket
 * that crossed the bound (docs/security.md, "Fixed bounds"), which each caller reports as it reports
 * any other syntax error. Without that, 100,000 `[` exhausted the stack and the file, or its whole
 * deployment unit, failed with an internal error at line 1.
 */

/** Levels of arrays and objects a JSON text may nest: far beyond any template, plan, manifest or variables file. */
export const MAX_JSON_NESTING = 200;

/** The error for text nested deeper than `MAX_JSON_NESTING`, if it is. */
function nestingError(text: string): JsonSyntaxError | undefined {
  const offset = jsonNestingPast(text, MAX_JSON_NESTING);
  return offset === undefined ? undefined : { offset, length: 1, message: `nesting deeper than ${MAX_JSON_NESTING} levels` };
}

/**
 * `JSON.parse` for text a pull request writes (a cdk.out manifest, `.terraform/modules/modules.json`, a
 * `.tf.json` file read for its module calls, a baseline): text nested deeper than `MAX_JSON_NESTING` is
 * refused with a `SyntaxError` naming where, before the platform's parser builds it (ten megabytes of
 * `[` took it 10 s and half a gigabyte, and crashed a 256 MB heap; docs/security.md, "Fixed bounds").
 */
export function parseJsonText(text: string): unknown {
  const offset = jsonNestingPast(text, MAX_JSON_NESTING);
  if (offset !== undefined) throw new SyntaxError(`nesting deeper than ${MAX_JSON_NESTING} levels at position ${offset}`);
  return JSON.parse(text) as unknown;
}

let loaded: typeof import('jsonc-parser') | undefined;

/**
 * jsonc-parser, loaded on first use (its CommonJS build, synchronously): a scan of YAML templates or
 * Terraform alone never parses JSON, and start-up time matters for pre-commit (README, "Performance").
 */
function jsonc(): typeof import('jsonc-parser') {
  loaded ??= requireWithCodeCache('jsonc-parser') as typeof import('jsonc-parser');
  return loaded;
}

/** A node of the syntax tree: its `type`, `offset`, `length`, `value` (scalars) and `children`. */
export type JsonNode = Node;

/**
 * `strict`: plain JSON (RFC 8259), what CloudFormation, Terraform (`.tf.json`, `.tfvars.json`) and
 * machine-written plan and manifest files are: a comment, a trailing comma or an empty text is an
 * error. `lenient`: comments and trailing commas are accepted, for reading positions out of a text
 * whose errors another parser reports.
 */
export type JsonDialect = 'strict' | 'lenient';

/** The first syntax error: where it starts, how long it is, and jsonc-parser's name for it (`ValueExpected`). */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

const OPTIONS: Readonly<Record<JsonDialect, ParseOptions>> = {
  strict: { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  lenient: { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false },
};

function firstError(errors: readonly ParseError[]): JsonSyntaxError | undefined {
  const first = errors[0];
  return first === undefined ? undefined : { offset: first.offset, length: first.length, message: jsonc().printParseErrorCode(first.error) };
}

/**
 * The syntax tree of a JSON text and its first syntax error. After an error the tree holds what the
 * parser recovered (or nothing); a caller that needs valid JSON checks `error` first.
 */
export interface JsonTree {
  readonly root: JsonNode | undefined;
  readonly error: JsonSyntaxError | undefined;
}

export function parseJsonTree(text: string, dialect: JsonDialect): JsonTree {
  const tooDeep = nestingError(text);
  if (tooDeep !== undefined) return { root: undefined, error: tooDeep };
  const errors: ParseError[] = [];
  const root = jsonc().parseTree(text, errors, OPTIONS[dialect]);
  return { root, error: firstError(errors) };
}

/**
 * The plain value of a JSON text (objects, arrays, scalars; a duplicate key keeps its last value, as
 * `JSON.parse` does) and its first syntax error, for a caller that needs no positions inside it.
 */
export function parseJsonValue(text: string, dialect: JsonDialect): { readonly value: unknown; readonly error: JsonSyntaxError | undefined } {
  const tooDeep = nestingError(text);
  if (tooDeep !== undefined) return { value: undefined, error: tooDeep };
  const errors: ParseError[] = [];
  // jsonc-parser's own `parse` assigns `object[key] = value`, which drops a `__proto__` key (it sets
  // the object's prototype instead): built here with own properties, as `JSON.parse` does.
  const root: unknown[] = [];
  const parents: (unknown[] | Record<string, unknown>)[] = [root];
  let key: string | undefined;
  const add = (value: unknown): void => {
    const parent = parents.at(-1);
    if (Array.isArray(parent)) parent.push(value);
    else if (parent !== undefined && key !== undefined) Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  };
  const open = (container: unknown[] | Record<string, unknown>): void => {
    add(container);
    parents.push(container);
    key = undefined;
  };
  const close = (): void => {
    parents.pop();
    key = undefined;
  };
  jsonc().visit(
    text,
    {
      onObjectBegin: () => {
        open({});
      },
      onObjectProperty: (name) => {
        key = name;
      },
      onObjectEnd: close,
      onArrayBegin: () => {
        open([]);
      },
      onArrayEnd: close,
      onLiteralValue: add,
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    },
    OPTIONS[dialect],
  );
  return { value: root[0], error: firstError(errors) };
}

/**
 * The plain value of a node of the tree: ordinary objects whose keys are all own properties (jsonc-parser's
 * `getNodeValue` gives objects without a prototype, which break `String(value)` and the like).
 */
export function jsonValue(node: JsonNode): unknown {
  if (node.type === 'array') return (node.children ?? []).map(jsonValue);
  if (node.type !== 'object') return node.value as unknown;
  return Object.fromEntries(
    (node.children ?? []).flatMap((property) => {
      const [name, value] = property.children ?? [];
      return name === undefined ? [] : [[name.value as string, value === undefined ? undefined : jsonValue(value)]];
    }),
  );
}

/** Where a node is: its whole span (for an object, from `{` to after `}`; for a string, its quotes included). */
export function jsonRange(lines: LineIndex, node: JsonNode): Range {
  return lines.range(node.offset, node.offset + node.length);
}

/**
 * `JSON.parse`'s message with the line and column of the error. Node 20 reports an offset
 * (`... in JSON at position 45`), later versions the position itself (`(line 4 column 3)`); both
 * become `line 4, column 3`. Messages without a position (`Unexpected token '}', "{"rules": }" is
 * not valid JSON`, `Unexpected end of JSON input`) take jsonc-parser's first error, loaded only then.
 */
export function jsonSyntaxProblem(text: string, message: string): string {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  const offset = /at position (\d+)/.exec(message);
  const found = lineColumn === null && offset === null ? parseJsonTree(text, 'strict').error?.offset : undefined;
  const where = lineColumn
    ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
    : offset
      ? new LineIndex(text).position(Number(offset[1]))
      : found === undefined
        ? undefined
        : new LineIndex(text).position(found);
  // JSON.parse quotes the text around the error (`Unexpected token '}', "{"rules": }" is not valid
  // JSON`, with `...` when cut), quotes and line breaks included: left out, the position says where.
  const what = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*(?:in JSON )?at position \d+.*$/, '')
    .replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)?\s*is not valid JSON$/, '');
  return where === undefined ? `JSON syntax error: ${what}` : `JSON syntax error at line ${where.line}, column ${where.column}: ${what}`;
}
