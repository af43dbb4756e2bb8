import type { Range, SourceLocation } from '../core/location.js';

/**
 * A CloudFormation template as a tree that remembers where every node is, the same whether it was
 * written in JSON or YAML. YAML short forms (`!Ref X`) are already rewritten to their long forms
 * (`{ "Ref": "X" }`) so the evaluator sees one shape; the `Fn::` key of such a rewritten map has the
 * range of the tagged value.
 */
export type TemplateNode = ScalarNode | MapNode | SeqNode;

/**
 * Every node and entry may name the file it was written in, when that is not its template's own file:
 * what an `AWS::Include` snippet inserted (`template-includes.ts`). Its range is in that file.
 */
interface WrittenIn {
  readonly file?: string;
}

export interface ScalarNode extends WrittenIn {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly range: Range;
}

/**
 * A whole number written with more digits than a double keeps (past 2^53) is the digits as written:
 * CloudFormation reads a template's numbers exactly, so a `UserName` of 12345678901234567891 names
 * that user, where a JavaScript number rounds it to 12345678901234567000, which names no user: the
 * key of a user with a console password was no finding, and exit 0.
 */
export function exactInteger(written: string, value: number): string | number {
  return Number.isSafeInteger(value) || !/^[-+]?[0-9]+$/.test(written) ? value : written.replace(/^\+/, '');
}

export interface MapEntry extends WrittenIn {
  readonly key: string;
  /** The key token alone. */
  readonly keyRange: Range;
  readonly value: TemplateNode;
}

export interface MapNode extends WrittenIn {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  readonly range: Range;
}

export interface SeqNode extends WrittenIn {
  readonly kind: 'seq';
  readonly items: readonly TemplateNode[];
  readonly range: Range;
}

/** One template document of a file (a JSON file has one; a YAML file may hold several). */
export interface TemplateDocument {
  readonly file: string;
  /** 1-based index of the document in its file. */
  readonly index: number;
  /** How many documents the file holds (a unit id gets `#<index>` when there is more than one). */
  readonly documentCount: number;
  readonly root: MapNode;
  /** `Fn::Transform` arguments of local `AWS::Include`s left in place that a note already explains (`template-includes.ts`). */
  readonly notedIncludes?: ReadonlySet<TemplateNode>;
}

export function entry(node: TemplateNode | undefined, key: string): MapEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key === key);
}

export function child(node: TemplateNode | undefined, key: string): TemplateNode | undefined {
  return entry(node, key)?.value;
}

export function scalarString(node: TemplateNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** The range from the start of a key to the end of its value: where a property is written. */
export function entryRange(e: MapEntry): Range {
  return { start: e.keyRange.start, end: e.value.range.end };
}

/** The file a node or entry of a template whose file is `templateFile` was written in. */
export function fileOf(templateFile: string, written: WrittenIn): string {
  return written.file ?? templateFile;
}

/** The `file` of a node or entry, to give a node made from it (a copy, a rewritten form). */
export function writtenIn(written: WrittenIn): WrittenIn {
  return written.file === undefined ? {} : { file: written.file };
}

export function locationOf(file: string, nodeRange: Range, logicalPath?: string): SourceLocation {
  return logicalPath === undefined ? { file, range: nodeRange } : { file, range: nodeRange, logicalPath };
}

/** If the map is an intrinsic function call (`{ "Fn::X": ... }` or `{ "Ref": ... }`), its name and argument. */
export function intrinsicCall(node: TemplateNode): { readonly name: string; readonly arg: TemplateNode } | undefined {
  if (node.kind !== 'map' || node.entries.length !== 1) return undefined;
  const only = node.entries[0];
  if (!only) return undefined;
  if (only.key === 'Ref' || only.key === 'Condition' || only.key.startsWith('Fn::')) return { name: only.key, arg: only.value };
  return undefined;
}
