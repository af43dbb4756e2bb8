import type { CollectionTag, Document, Node as YamlNode, ScalarTag } from 'yaml';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseError, warning } from '../core/diagnostic.js';
import { DUPLICATE_KEY } from '../core/finding.js';
import { countYamlNodes, yamlNestingPast } from '../core/count-structure.js';
import { DEFAULT_LIMITS, limitReached, type LimitName, type Limits } from '../core/limits.js';
import type { Range } from '../core/location.js';
import { LineIndex, loneCarriageReturnsAsLineFeeds } from '../core/source-text.js';
import { reindentQuotedContinuations } from './yaml-quoted-continuations.js';
import { reindentFlowContinuations } from './yaml-flow-continuations.js';
import { separateAdjacentComments, type YamlParseError } from './yaml-adjacent-comments.js';
import { quoteFlowDashes } from './yaml-flow-dashes.js';
import { duplicateKeyMessage, keepLast, type ParsedTemplateFile } from './parse-json-template.js';
import { exactInteger, type MapEntry, type TemplateDocument, type TemplateNode } from './template-node.js';
import { yamlLibrary } from '../core/yaml-library.js';
import { longFormOf, PACKAGER_TAGS, SHORT_FORMS, YAML_11_FALSE, YAML_11_TRUE } from './yaml-short-forms.js';
import { appendAll } from '../core/append-all.js';
import { isWhiteSpace, trailingRunStart } from '../core/trailing-run.js';
import { readYamlSubset } from './yaml-subset.js';

/** Each short form may tag a scalar, a sequence or a mapping; the tree walk below does the rewriting. */
const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = [...Object.keys(SHORT_FORMS), ...Object.keys(PACKAGER_TAGS)].flatMap((tag) => [
  { tag, resolve: (value: string) => value } satisfies ScalarTag,
  { tag, collection: 'seq' },
  { tag, collection: 'map' },
]);

/** An untagged plain scalar's value as CloudFormation's YAML 1.1 reads it (see `YAML_11_TRUE`). */
function yaml11Boolean(node: YamlNode): boolean | undefined {
  if (!yamlLibrary().isScalar(node) || node.type !== 'PLAIN' || node.tag !== undefined || typeof node.value !== 'string') return undefined;
  if (YAML_11_TRUE.test(node.value)) return true;
  if (YAML_11_FALSE.test(node.value)) return false;
  return undefined;
}

/** Deeper nesting than any template has; guards the recursive walk against stack exhaustion. */
const MAX_DEPTH = 200;
/** Re-indenting passes tried on a file with errors; each pass fixes every scalar the lexer can see. */
const MAX_REINDENT_PASSES = 4;

class YamlLimit extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A budget of `core/limits.ts` ran out at `offset`. */
class BudgetLimit extends YamlLimit {
  constructor(
    readonly limit: LimitName,
    message: string,
    offset: number,
  ) {
    super(message, offset);
  }
}

interface WalkState {
  readonly doc: Document.Parsed;
  /** Offsets of the parsed text to positions in the file as written. */
  readonly lines: Pick<LineIndex, 'range'>;
  readonly text: string;
  readonly limits: Limits;
  /**
   * Nodes produced by expanding aliases, and whether an alias is being expanded (where it started).
   * CloudFormation does not support aliases at all, so a real template uses few; counting the nodes
   * they expand to (not the aliases) lets small anchors be reused freely and stops a big anchor
   * aliased many times, or a "billion laughs" bomb, long before memory runs out.
   */
  aliasNodes: number;
  aliasStart: number | undefined;
  readonly resolved: Map<object, YamlNode | undefined>;
  /**
   * Keys written twice in one mapping. YAML 1.2 forbids them, but CloudFormation accepts such a
   * template and keeps the last one, so the template is analysed that way and each second key is a
   * warning at its span. Checked with a map per mapping because yaml's own `uniqueKeys` compares
   * every pair of keys, which takes minutes on a template with tens of thousands of keys.
   */
  readonly warnings: Diagnostic[];
  readonly file: string;
}

/**
 * A node's range, ending at its last character: yaml ends a block collection where the next token
 * starts (after the line break and the next line's indentation), which would spill onto that line.
 */
function nodeRange(node: YamlNode | null | undefined, state: WalkState, fallback: number): Range {
  const r = node?.range;
  if (!r) return state.lines.range(fallback, fallback);
  return state.lines.range(r[0], trailingRunStart(state.text, isWhiteSpace, r[0], r[1]));
}

/**
 * A YAML 1.1 merge key (`<<: *defaults`). CloudFormation accepts no aliases, so a template that uses
 * them is deployed through `aws cloudformation package`, whose YAML 1.1 reader (PyYAML) applies merge
 * keys: the mapping gets the merged mappings' entries, its own keys winning.
 * https://yaml.org/type/merge.html
 */
function isMergeKey(keyNode: YamlNode | null): keyNode is YamlNode {
  return yamlLibrary().isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.tag === undefined && keyNode.value === '<<';
}

/**
 * The entries a merge key's value brings, in the order later ones win: a mapping's, or for a sequence of
 * mappings each one's with the first mapping winning, as PyYAML's `flatten_mapping` does. Anything else
 * is no merge (undefined): the key stays an ordinary `<<` entry.
 */
function mergedEntries(value: TemplateNode): MapEntry[] | undefined {
  if (value.kind === 'map') return [...value.entries];
  if (value.kind !== 'seq' || !value.items.every((item) => item.kind === 'map')) return undefined;
  return value.items.toReversed().flatMap((item) => item.entries);
}

/** A mapping's own entries over the ones merged into it (`isMergeKey`). */
function withMerged(merged: readonly MapEntry[], own: readonly MapEntry[]): MapEntry[] {
  const entries: MapEntry[] = [];
  const index = new Map<string, number>();
  for (const e of [...merged, ...own]) keepLast(entries, index, e);
  return entries;
}

function convert(node: YamlNode | null | undefined, state: WalkState, depth: number, fallback: number): TemplateNode {
  if (depth > MAX_DEPTH) {
    // Text nested this deep was refused before parsing (`yamlNestingPast`), except through aliases, expanded
    // here, and the one-pair mappings of flow sequences (`[a: [b: x]]`), which that scan does not count.
    const alias = state.aliasStart;
    if (alias !== undefined) throw new YamlLimit(`nesting deeper than ${MAX_DEPTH} levels where this alias is expanded`, alias);
    throw new YamlLimit(`nesting deeper than ${MAX_DEPTH} levels`, node?.range?.[0] ?? fallback);
  }
  if (state.aliasStart !== undefined) {
    state.aliasNodes += 1;
    if (state.aliasNodes > state.limits.yamlAliasNodes) {
      throw new BudgetLimit(
        'yamlAliasNodes',
        'YAML aliases expand to too many nodes (CloudFormation does not support aliases); the document is not analysed',
        state.aliasStart,
      );
    }
  }
  if (yamlLibrary().isAlias(node)) {
    const outermost = state.aliasStart === undefined;
    if (outermost) state.aliasStart = node.range?.[0] ?? fallback;
    // yaml's `resolve` walks the document from its start each time; an alias resolves the same way every time.
    let target = state.resolved.get(node);
    if (target === undefined) {
      target = node.resolve(state.doc);
      state.resolved.set(node, target);
    }
    // An alias of no anchor written before it: PyYAML (`aws cloudformation package`) refuses the template
    // ("found undefined alias"). It was read as an empty value, the scan complete.
    if (target === undefined) throw new YamlLimit(`the alias *${node.source} names no anchor written before it`, node.range?.[0] ?? fallback);
    const converted = convert(target, state, depth + 1, node.range?.[0] ?? fallback);
    if (outermost) state.aliasStart = undefined;
    return converted;
  }
  const range = nodeRange(node, state, fallback);
  let plain: TemplateNode;
  if (yamlLibrary().isMap(node)) {
    const entries: MapEntry[] = [];
    const index = new Map<string, number>();
    const firstOffsets = new Map<string, number>();
    const mergedIn: MapEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isMergeKey(keyNode)) {
        const merged = mergedEntries(convert(pair.value as YamlNode | null, state, depth + 1, keyNode.range?.[1] ?? fallback));
        if (merged !== undefined) {
          appendAll(mergedIn, merged);
          continue;
        }
      }
      const key = yamlLibrary().isScalar(keyNode) ? String(yaml11Boolean(keyNode) ?? keyNode.value) : '';
      const keyRange = nodeRange(keyNode, state, node.range?.[0] ?? fallback);
      if (yamlLibrary().isScalar(keyNode) && keyNode.range) {
        const first = firstOffsets.get(key);
        // Inside an expanded alias the key's position is the anchor's: warned there once, not per alias.
        if (first === undefined) firstOffsets.set(key, keyNode.range[0]);
        else if (state.aliasStart === undefined) {
          const line = state.lines.range(first, first).start.line;
          state.warnings.push(warning({ file: state.file, range: keyRange }, DUPLICATE_KEY, duplicateKeyMessage(key, line)));
        }
      }
      const keyEnd = keyNode?.range?.[1] ?? fallback;
      keepLast(entries, index, { key, keyRange, value: convert(pair.value as YamlNode | null, state, depth + 1, keyEnd) });
    }
    plain = { kind: 'map', entries: mergedIn.length === 0 ? entries : withMerged(mergedIn, entries), range };
  } else if (yamlLibrary().isSeq(node)) {
    const start = node.range?.[0] ?? fallback;
    plain = { kind: 'seq', items: node.items.map((item) => convert(item as YamlNode | null, state, depth + 1, start)), range };
  } else if (yamlLibrary().isScalar(node)) {
    const value = yaml11Boolean(node) ?? node.value;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- YAML 1.2's core schema yields strings, numbers, booleans and null (the custom tags resolve to strings): String() is only the last resort for anything else the yaml package might hand over
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : value === null ? null : String(value);
    const written = typeof scalar === 'number' && node.range ? exactInteger(state.text.slice(node.range[0], node.range[1]), scalar) : scalar;
    plain = { kind: 'scalar', value: written, range };
  } else {
    plain = { kind: 'scalar', value: null, range };
  }
  const longForm = node?.tag ? longFormOf(node.tag) : undefined;
  if (longForm === undefined) return plain;
  return { kind: 'map', entries: [{ key: longForm, keyRange: range, value: plain }], range };
}

/**
 * Parses a YAML file into template documents. YAML 1.2 with CloudFormation's short-form tags and its
 * YAML 1.1 booleans (`yaml11Boolean`); every
 * document that parses to a mapping is returned (the caller decides which are templates: each one is
 * its own deployment unit). A document with a syntax error becomes a `parse-error` at its position and
 * the other documents are still read. A template in the subset of YAML that `yaml-subset.ts` reads is read
 * there, without the `yaml` package; every other one by the package.
 */
export function parseYamlTemplate(file: string, written: string, limits: Limits = DEFAULT_LIMITS): ParsedTemplateFile {
  return parseYaml(file, written, limits, true);
}

/** The same, always through the `yaml` package: what the subset reader is tested against. */
export function parseYamlTemplateWithPackage(file: string, written: string, limits: Limits = DEFAULT_LIMITS): ParsedTemplateFile {
  return parseYaml(file, written, limits, false);
}

function parseYaml(file: string, written: string, limits: Limits, subsetFirst: boolean): ParsedTemplateFile {
  // The yaml package breaks lines at `\n` and `\r\n` only: a template written with `\r` alone (one
  // YAML line break) is read as one line. Made `\n`, offsets unchanged, it is read as written.
  const text = loneCarriageReturnsAsLineFeeds(written);
  const positions = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const documents: TemplateDocument[] = [];
  // Counted before the parser builds its trees: they are what costs memory.
  const size = countYamlNodes(text, limits.parseNodes);
  if (!size.within) {
    const location = { file, range: positions.range(size.offset, size.offset + 1) };
    return { documents, diagnostics: [limitReached(location, 'parseNodes', limits, 'the file has too many YAML nodes to parse; it is not analysed')] };
  }
  // The subset reader gives up past 50 levels (`MAX_SUBSET_DEPTH`), far fewer than the package may nest below.
  const subset = subsetFirst ? readYamlSubset(file, text, positions) : undefined;
  if (subset !== undefined) return { documents: [{ file, index: 1, documentCount: 1, root: subset.root }], diagnostics: subset.warnings };
  // The parser recurses into every level, block and flow alike: deeper text is refused before it runs.
  const deep = yamlNestingPast(text, MAX_DEPTH);
  if (deep !== undefined) {
    return { documents, diagnostics: [parseError({ file, range: positions.range(deep, deep + 1) }, `invalid YAML: nesting deeper than ${MAX_DEPTH} levels`)] };
  }
  const { parsed, source, toOriginal } = parseLeniently(text);
  const lines = { range: (start: number, end: number) => positions.range(toOriginal(start), toOriginal(end)) };
  const at = (start: number, end: number) => ({ file, range: lines.range(start, Math.max(end, start + 1)) });
  // An empty stream: no document at all.
  if (parsed === undefined) return { documents, diagnostics };
  const all = parsed;
  all.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      diagnostics.push(parseError(at(error.pos[0], error.pos[1]), `invalid YAML: ${error.message}`));
      return;
    }
    const warnings: Diagnostic[] = [];
    const state: WalkState = { doc, lines, text: source, limits, aliasNodes: 0, aliasStart: undefined, resolved: new Map(), warnings, file };
    try {
      const root = convert(doc.contents, state, 0, doc.range[0]);
      if (root.kind === 'map') {
        documents.push({ file, index: i + 1, documentCount: all.length, root });
        appendAll(diagnostics, warnings);
      }
    } catch (limit) {
      if (!(limit instanceof YamlLimit)) throw limit;
      if (limit instanceof BudgetLimit) {
        diagnostics.push(limitReached(at(limit.offset, limit.offset + 1), limit.limit, limits, limit.message));
        return;
      }
      diagnostics.push(parseError(at(limit.offset, limit.offset + 1), `invalid YAML: ${limit.message}`));
    }
  });
  return { documents, diagnostics };
}

/** The documents of a YAML stream; undefined for an empty stream. */
type ParsedStream = Document.Parsed[] | undefined;

function parseStream(text: string): ParsedStream {
  // The schema is named, not only the version: a `%YAML 1.1` directive in the document switched the yaml
  // package to its own YAML 1.1 schema, under which a merge key is a symbol this reader does not merge (a key's
  // merged UserName was lost) and a date a Date object. The directive now changes nothing, as without it.
  const options = { version: '1.2', schema: 'core', customTags: CUSTOM_TAGS, prettyErrors: false, uniqueKeys: false } as const;
  const parsed = yamlLibrary().parseAllDocuments(text, options);
  return Array.isArray(parsed) ? parsed : undefined;
}

function errorsOf(parsed: ParsedStream): YamlParseError[] {
  return parsed === undefined ? [] : parsed.flatMap((doc) => doc.errors);
}

function hasErrors(parsed: ParsedStream): boolean {
  return parsed !== undefined && parsed.some((doc) => doc.errors.length > 0);
}

/**
 * Parses the text; when it has errors, retries with under-indented quoted-scalar continuation lines,
 * then under-indented lines of flow collections, re-indented, then comments written right after a
 * closing quote or bracket, separated, then lone dashes in flow collections, quoted (what PyYAML and
 * CloudFormation accept, see `reindentQuotedContinuations`, `reindentFlowContinuations`,
 * `separateAdjacentComments` and `quoteFlowDashes`) and keeps the
 * retry only if it is free of errors, so a file that is really broken reports its first error as written.
 */
function parseLeniently(text: string): { parsed: ParsedStream; source: string; toOriginal: (offset: number) => number } {
  const parsed = parseStream(text);
  if (!hasErrors(parsed)) return { parsed, source: text, toOriginal: (offset) => offset };
  let source = text;
  // The parse of `source` as it now stands: its errors locate the comments to separate.
  let current = parsed;
  let toOriginal = (offset: number) => offset;
  for (let attempt = 0; attempt < MAX_REINDENT_PASSES; attempt += 1) {
    const reindented =
      reindentQuotedContinuations(source) ??
      reindentFlowContinuations(source) ??
      separateAdjacentComments(source, errorsOf(current)) ??
      quoteFlowDashes(source, errorsOf(current));
    if (!reindented) break;
    const previous = toOriginal;
    toOriginal = (offset) => previous(reindented.toOriginal(offset));
    source = reindented.text;
    current = parseStream(source);
    if (!hasErrors(current)) return { parsed: current, source, toOriginal };
  }
  return { parsed, source: text, toOriginal: (offset) => offset };
}
