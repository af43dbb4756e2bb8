/**
 * Encoding functions: jsonencode/jsondecode, yamlencode (`yaml-encode.ts`)/yamldecode, csvdecode, base64, URL encoding and hashes
 * (https://developer.hashicorp.com/terraform/language/functions — "Encoding Functions", "Hash and Crypto
 * Functions"). All are pure; nothing here reads files.
 */
import { nodeCrypto } from '../../../core/node-crypto.js';
import type { Tags } from 'yaml';
import { objectFrom } from '../convert-value.js';
import { formatNumber, sortedKeys } from '../convert.js';
import { isExactDecimal } from '../exact-number.js';
import { TfSet, Unknown, type TfValue } from '../value.js';
import { CapacityError, FunctionError, LimitError, fixed, stringArg, type FunctionTable } from './function-support.js';
import { yamlLibrary } from '../../../core/yaml-library.js';
import { loneCarriageReturnsAsLineFeeds } from '../../../core/source-text.js';
import { csvdecode } from './csv-decode.js';
import { encodeYaml } from './yaml-encode.js';
import { CTY_YAML_SCALAR_TAGS, REPLACED_YAML_TAGS, resolveCtyScalar } from './yaml-scalar-tags.js';
import { countYamlNodes, yamlNestingPast } from '../../../core/count-structure.js';
import { BudgetExceeded, activeBudget } from '../eval-budget.js';

/** Go's encoding/json escapes HTML-significant characters and the JS line separators; Terraform inherits that. */
function escapeJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** Terraform's JSON encoding: object keys sorted, no whitespace, numbers in plain decimal. */
export function encodeJson(value: TfValue): string {
  if (value === null) return 'null';
  if (value instanceof Unknown) throw new FunctionError('cannot encode an unknown value');
  if (typeof value === 'string') return escapeJsonString(value);
  if (typeof value === 'number') {
    // JSON has no infinities: Terraform's jsonencode fails ("cannot serialize inf").
    if (!Number.isFinite(value)) throw new FunctionError('cannot serialize an infinite number as JSON');
    return formatNumber(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value instanceof TfSet) return `[${value.items.map(encodeJson).join(',')}]`;
  if (Array.isArray(value)) return `[${(value as readonly TfValue[]).map(encodeJson).join(',')}]`;
  const object = value as Readonly<Record<string, TfValue>>;
  return `{${sortedKeys(object)
    .map((key) => `${escapeJsonString(key)}:${encodeJson(object[key] as TfValue)}`)
    .join(',')}}`;
}

/** Converts parsed JSON/YAML data to a Terraform value (arrays become tuples, objects become objects). */
function fromData(data: unknown, source: string): TfValue {
  if (data === null || data === undefined) return null;
  if (data === INEXACT_MARKER) return new Unknown(INEXACT_JSON_NUMBER);
  if (typeof data === 'string' || typeof data === 'boolean') return data;
  if (typeof data === 'number') {
    // cty holds infinities (YAML's `.inf`), never NaN.
    if (Number.isNaN(data)) throw new FunctionError(`${source} produced a number that is not a number`);
    return data;
  }
  if (typeof data === 'bigint') return Number(data);
  if (data instanceof Uint8Array) throw new LimitError(`${source} binary values are not supported`);
  if (Array.isArray(data)) return data.map((item) => fromData(item, source));
  if (data instanceof Map) {
    return objectFrom([...data].map(([key, item]) => [String(key), fromData(item, source)]));
  }
  if (typeof data === 'object') {
    return objectFrom(Object.entries(data).map(([key, item]) => [key, fromData(item, source)]));
  }
  throw new FunctionError(`${source} produced an unsupported ${typeof data} value`);
}

/**
 * A string no JSON text holds unescaped (a raw U+0000 is refused in a JSON string), put in place of a
 * number whose digits a double does not keep, so that it decodes as unknown.
 */
const INEXACT_MARKER = '\u0000credlint: inexact number';
const INEXACT_JSON_NUMBER = "a JSON or YAML number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits)";

/** Text that may hold such a number: 16 digits or more, or an exponent of three digits. */
const MAY_BE_INEXACT = /\d[\d.]{15}|[eE][+-]?\d{3}/;
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The JSON text with each number whose digits a double does not keep replaced by `INEXACT_MARKER`:
 * Terraform's jsondecode reads numbers exactly (`jsondecode("[12345678901234567891]")[0]` is
 * 12345678901234567891 in terraform console 1.11.4), and the rounded double would name another user.
 * A number of 15 significant digits at most, with a shorter exponent, is one a double keeps.
 */
function markInexactNumbers(text: string): string {
  if (!MAY_BE_INEXACT.test(text)) return text;
  return text.replace(JSON_TOKEN, (token) => (token.startsWith('"') || isExactDecimal(token, Number(token)) ? token : JSON.stringify(INEXACT_MARKER)));
}

/**
 * Whether a YAML number is the double read from its text: go-cty-yaml reads decimals exactly (as
 * jsondecode does) and whole numbers as big integers, so `12345678901234567891` is no double's.
 */
function keptExactly(source: string, value: number): boolean {
  if (Number.isSafeInteger(value)) return true;
  // `.inf`: an infinity is cty's value too.
  if (!Number.isFinite(value) && /inf/i.test(source)) return true;
  return isExactDecimal(source.replaceAll('_', ''), value);
}

function jsondecode(args: readonly TfValue[]): TfValue {
  const text = stringArg(args, 0);
  let data: unknown;
  try {
    data = JSON.parse(text);
    // Parsed as written first, so that invalid JSON is refused as Terraform refuses it.
    const marked = markInexactNumbers(text);
    if (marked !== text) data = JSON.parse(marked);
  } catch (error) {
    throw new FunctionError(`invalid JSON: ${(error as Error).message}`);
  }
  return fromData(data, 'JSON');
}

/**
 * Terraform's yamldecode (go-cty-yaml, derived from go-yaml v2) reads `<<` merge keys the YAML 1.1 way,
 * and every scalar its own way (`yaml-scalar-tags.ts`), which the package's parse is then given.
 */
const YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  // A key written twice in one mapping: go-yaml keeps the last value, as Terraform's yamldecode does.
  uniqueKeys: false,
  customTags: (tags: Tags) => [...tags.filter((tag) => typeof tag === 'string' || !REPLACED_YAML_TAGS.has(tag.tag)), ...CTY_YAML_SCALAR_TAGS],
} as const;

/**
 * Nesting that yamldecode reads. Terraform's decoder has no such limit, but the yaml package recurses
 * into every level and exhausts the stack on deeper text (taking seconds to, in flow collections), so
 * deeper text is not decoded: a `CapacityError`, which leaves the value unknown and the scan
 * incomplete, not an error that `try` would catch.
 */
const MAX_YAML_NESTING = 200;

function yamldecode(args: readonly TfValue[]): TfValue {
  // A lone CR breaks a line for go-yaml as for YAML 1.2, not for the yaml package: made a LF first,
  // for the nesting scan and the node count as for the parse.
  const text = loneCarriageReturnsAsLineFeeds(stringArg(args, 0));
  if (yamlNestingPast(text, MAX_YAML_NESTING) !== undefined) throw new CapacityError(`YAML nested deeper than ${MAX_YAML_NESTING} levels is not decoded`);
  // Counted before the yaml package builds its document, some kilobyte per node: a 10 MB `file()` of
  // `[1,1,…]` took 4.5 GB and ended in 'JavaScript heap out of memory'. The count (JSON's and YAML's
  // files are bounded the same way, docs/security.md) errs high, never low.
  const { parseNodes } = activeBudget().limits;
  if (!countYamlNodes(text, parseNodes).within) throw new BudgetExceeded('parseNodes', `YAML of more than ${parseNodes} nodes is not decoded`);
  // Loaded on first use: most scans never call yamldecode, and startup time matters for pre-commit.
  const { parseAllDocuments } = yamlLibrary();
  const documents = parseAllDocuments(text, YAML_OPTIONS);
  if (!Array.isArray(documents)) throw new FunctionError('invalid YAML');
  if (documents.length > 1) throw new FunctionError('the string must contain a single YAML document');
  const [document] = documents;
  if (document === undefined) return null;
  const [error] = document.errors;
  if (error !== undefined) throw new FunctionError(`invalid YAML: ${error.message}`);
  const fail = (message: string): never => {
    throw new FunctionError(`invalid YAML: ${message}`);
  };
  yamlLibrary().visit(document, {
    Scalar(_, node) {
      // A merge key (`<<`) is the package's, resolved to a symbol.
      if (typeof node.value === 'symbol') return;
      const source = typeof node.source === 'string' ? node.source : String(node.value);
      const value = resolveCtyScalar(node.tag ?? '', source, node.type ?? 'PLAIN', fail);
      node.value = typeof value === 'number' && !keptExactly(source, value) ? INEXACT_MARKER : value;
    },
  });
  // Aliases are expanded by `toJS`, which counts each alias's uses times the aliases inside what it
  // names and throws past `maxAliasCount` (its default, 100, refused 101 uses of one scalar anchor, which
  // go-yaml reads). Bounded by the limit that bounds them in templates; past it the value is unknown and
  // the scan incomplete, never an 'internal error' left unknown: a ten-fold alias chain, 30 levels, was
  // no finding and exit 0.
  const aliasNodes = activeBudget().limits.yamlAliasNodes;
  let data: unknown;
  try {
    data = document.toJS({ mapAsMap: false, maxAliasCount: aliasNodes });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new BudgetExceeded('yamlAliasNodes', `YAML whose aliases expand to more than ${aliasNodes} nodes is not decoded`);
    }
    throw error;
  }
  return fromData(data, 'YAML');
}

function base64decode(args: readonly TfValue[]): TfValue {
  const text = stringArg(args, 0);
  // Terraform uses Go's strict standard encoding: padded, no whitespace, no URL alphabet.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw new FunctionError('the given value is not valid base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'base64'));
  } catch {
    throw new FunctionError('the result of decoding the provided string is not valid UTF-8');
  }
}

/** Go's url.QueryEscape: unreserved characters stay, spaces become "+", everything else is %XX. */
function urlencode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char)) return char;
    return byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function hash(algorithm: string, encoding: 'hex' | 'base64') {
  return fixed(1, (args) => nodeCrypto().createHash(algorithm).update(stringArg(args, 0), 'utf8').digest(encoding));
}

export const encodingFunctions: FunctionTable = {
  jsonencode: fixed(1, (args) => encodeJson(args[0] ?? null)),
  yamlencode: fixed(1, (args) => encodeYaml(args[0] ?? null)),
  jsondecode: fixed(1, jsondecode),
  yamldecode: fixed(1, yamldecode),
  csvdecode: fixed(1, csvdecode),
  base64encode: fixed(1, (args) => Buffer.from(stringArg(args, 0), 'utf8').toString('base64')),
  base64decode: fixed(1, base64decode),
  urlencode: fixed(1, (args) => urlencode(stringArg(args, 0))),
  md5: hash('md5', 'hex'),
  sha1: hash('sha1', 'hex'),
  sha256: hash('sha256', 'hex'),
  sha512: hash('sha512', 'hex'),
  base64sha256: hash('sha256', 'base64'),
  base64sha512: hash('sha512', 'base64'),
};
