/**
 * `yamlencode` as Terraform writes YAML (https://developer.hashicorp.com/terraform/language/functions/yamlencode;
 * go-cty-yaml over go-yaml v3's emitter): keys sorted, every string and key double-quoted, a string
 * of several lines as a literal block (`|`, `|-`), lists under a key at the key's indentation, maps
 * indented by two, empty collections as `[]` and `{}`, and a document that is a lone number, bool or
 * null followed by the document end marker `...`. What the emitter writes otherwise (a quoted string
 * folded past column 80, a literal block whose lines start with spaces or end with blank lines,
 * escapes of control characters) is not reproduced: such a value gives a `LimitError`, an unknown
 * result, never a wrong string.
 */
import { formatNumber, sortedKeys } from '../convert.js';
import { TfSet, Unknown, type TfObject, type TfValue } from '../value.js';
import { FunctionError, LimitError } from './function-support.js';

/** go-yaml's preferred line width: a quoted string with a space that would pass it is folded there. */
const BEST_WIDTH = 80;

/** Characters a double-quoted scalar holds as they are: printable, neither `"` nor `\`, no line break. */
const PLAIN_QUOTED = /^[\x20-\x21\x23-\x5b\x5d-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}\t]*$/u;

export function encodeYaml(value: TfValue): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return `${scalar(value)}\n...\n`;
  return `${lines(value, 0, 0).join('\n')}\n`;
}

/**
 * The lines of `value` written at indentation `indent`, its first line starting at `column` (after a
 * key or a list dash on the same line, or at the indentation).
 */
function lines(value: TfValue, indent: number, column: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof value === 'string' && value.includes('\n')) return literalBlock(value, indent);
  const items = collectionItems(value);
  if (items === undefined || items.length === 0) return [pad + inline(value, column)];
  if (!isObject(value)) {
    return items.flatMap(([, item]) => {
      if (typeof item === 'string' && item.includes('\n')) {
        const [header = '', ...content] = literalBlock(item, indent);
        return [`${pad}- ${header.trimStart()}`, ...content];
      }
      const nested = lines(item, indent + 2, indent + 2);
      const [first = '', ...rest] = nested;
      return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
    });
  }
  return items.flatMap(([key, item]) => {
    const head = `${pad}${quoted(key, indent)}:`;
    const itemItems = collectionItems(item);
    if (itemItems !== undefined && itemItems.length > 0) return [head, ...lines(item, isObject(item) ? indent + 2 : indent, indent)];
    if (typeof item === 'string' && item.includes('\n')) {
      const [header = '', ...content] = literalBlock(item, indent);
      return [`${head} ${header.trimStart()}`, ...content];
    }
    return [`${head} ${inline(item, head.length + 1)}`];
  });
}

/** A scalar or an empty collection, written on one line starting at `column`. */
function inline(value: TfValue, column: number): string {
  if (typeof value === 'string') return quoted(value, column);
  if (value instanceof TfSet || Array.isArray(value)) return '[]';
  if (isObject(value)) return '{}';
  return scalar(value);
}

function scalar(value: TfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new LimitError('an infinite number is not supported');
    return Object.is(value, -0) ? '-0' : formatNumber(value);
  }
  if (value instanceof Unknown) throw new FunctionError('cannot encode an unknown value');
  throw new LimitError('this value is not supported');
}

/** A string in double quotes, starting at `column`. */
function quoted(text: string, column: number): string {
  if (!PLAIN_QUOTED.test(text.replaceAll('"', '').replaceAll('\\', '')))
    throw new LimitError('a string with control characters or line breaks is not supported here');
  const written = `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\t', '\\t')}"`;
  if (column + Array.from(written).length > BEST_WIDTH && text.includes(' '))
    throw new LimitError('a quoted string past column 80, which YAML folds, is not supported');
  return written;
}

/** A string of several lines as a literal block whose content is indented by `indent` + 2. */
function literalBlock(text: string, indent: number): string[] {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const content = body.split('\n');
  const writable = content.every((line) => line !== '' && !/[ \t]$/.test(line) && PLAIN_QUOTED.test(line.replaceAll('"', '').replaceAll('\\', '')));
  if (!writable || /^[ \t]/.test(body)) throw new LimitError('a string of several lines with blank lines, edge spaces or control characters is not supported');
  const pad = ' '.repeat(indent + 2);
  return [`${' '.repeat(indent)}${text.endsWith('\n') ? '|' : '|-'}`, ...content.map((line) => pad + line)];
}

/** The entries of a collection in the order written (keys sorted), or undefined for a scalar. */
function collectionItems(value: TfValue): (readonly [string, TfValue])[] | undefined {
  if (value instanceof TfSet) return value.items.map((item, i) => [String(i), item] as const);
  if (Array.isArray(value)) return (value as readonly TfValue[]).map((item, i) => [String(i), item] as const);
  if (isObject(value)) return sortedKeys(value).map((key) => [key, value[key] ?? null] as const);
  return undefined;
}

function isObject(value: TfValue): value is TfObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof TfSet) && !(value instanceof Unknown);
}
