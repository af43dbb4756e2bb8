import type { Diagnostic } from '../core/diagnostic.js';
import { DUPLICATE_KEY } from '../core/finding.js';
import type { Limits } from '../core/limits.js';
import type { Position, Range } from '../core/location.js';
import type { ParsedTemplateFile } from './parse-json-template.js';
import { parseTemplateText } from './parse-template.js';
import type { MapEntry, TemplateDocument, TemplateNode } from './template-node.js';
import { child, scalarString } from './template-node.js';
import { resourceProperties } from './resource-properties.js';
import type { TemplateValue } from './template-values.js';
import { Unknown } from './template-values.js';
import { oneOf, withoutTrailing } from '../core/trailing-run.js';
import { knownPartsOfOneOf } from '../core/known-parts.js';
import { quotedStringColumns } from './quoted-string-columns.js';

const LINE_FEED = oneOf('\n');

/** The template a stack set writes inline, as credlint analyses it: a template of its own. */
export interface InlineStackSetTemplate {
  /** The stack set's logical id. */
  readonly logicalId: string;
  /** Where `TemplateBody` is written, for the note this analysis replaces. */
  readonly property: MapEntry;
  /** The body, as the block holds it. */
  readonly text: string;
  /**
   * Where the body's first line starts in the file: lines above it, and the block's indentation. Undefined
   * for a body written as a quoted, plain or folded string: its lines are not the file's (escapes, folded
   * line breaks), so everything in it is located on its quoted line (`quoted`) or else at the `TemplateBody` key.
   */
  readonly offset: { readonly lines: number; readonly columns: number } | undefined;
  /**
   * For a body quoted on one line of the file (YAML `"..."`/`'...'`, a JSON template's string): that line,
   * and the column each of the body's characters is written at (`quotedStringColumns`).
   */
  readonly quoted?: { readonly line: number; readonly columns: readonly number[] };
  /** The values the stack set gives its stack instances' parameters (`Parameters`, `ParameterOverrides`). */
  readonly supplied: ReadonlyMap<string, TemplateValue>;
}

const STACK_SET = 'AWS::CloudFormation::StackSet';

/** A YAML literal block scalar's header: `|`, `|-` or `|+`, then nothing but a comment (https://yaml.org/spec/1.2.2/#81-block-scalar-headers). */
const LITERAL_HEADER = /^\|[-+]?[ \t]*(?:#.*)?$/;

/**
 * The templates that the stack sets of a template's `Resources` write inline in `TemplateBody`, a string
 * holding a JSON or YAML template. A stack set deploys its template as stack instances of their
 * own, in the accounts and Regions it targets, each with the stack set's `Parameters`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html),
 * so such a template is analysed as a template of its own, like a `TemplateURL` naming a local file.
 * A YAML literal block (`TemplateBody: |`) keeps the body's lines as written, only indented: a node of
 * the parsed body is where the file writes it, that many lines down and columns right
 * (`parseInlineTemplate`). Any other literal string (quoted, plain, folded, a JSON template's string)
 * is the same template, but its lines are not the file's: quoted on one line, each character is at a
 * column of that line (`quotedStringColumns`); otherwise its nodes are located at the `TemplateBody` key. A computed body (`Fn::Sub`, `Fn::Join`) is not read: the stack set's note says so.
 */
export function inlineStackSetTemplates(document: TemplateDocument, text: string): InlineStackSetTemplate[] {
  const resources = child(document.root, 'Resources');
  // The parsed `Type` decides, never the file's text: YAML spells `AWS::CloudFormation::StackSet` with
  // escapes as well (`"AWS::CloudFormation::Stack\x53et"`), and such a stack set's template was a note only.
  if (resources?.kind !== 'map') return [];
  const found: InlineStackSetTemplate[] = [];
  let lines: string[] | undefined;
  for (const resource of resources.entries) {
    if (scalarString(child(resource.value, 'Type')) !== STACK_SET) continue;
    const properties = resourceProperties(resource);
    const body = properties?.kind === 'map' ? properties.entries.find((e) => e.key === 'TemplateBody') : undefined;
    if (body?.value.kind !== 'scalar' || typeof body.value.value !== 'string') continue;
    const supplied = suppliedParameters(resource.key, properties);
    if (supplied === undefined) continue;
    // A lone carriage return ends a line for the parser but not for this split.
    lines ??= /\r(?!\n)/.test(text) ? [] : text.split('\n');
    const block = literalBlock(lines, body.value.range, body.value.value);
    const start = body.value.range.start;
    const quoted =
      block === undefined && start.line === body.value.range.end.line
        ? quotedStringColumns(lines[start.line - 1] ?? '', start.column, body.value.value)
        : undefined;
    const where = block ?? { text: body.value.value, offset: undefined, ...(quoted ? { quoted: { line: start.line, columns: quoted } } : {}) };
    found.push({ logicalId: resource.key, property: body, ...where, supplied });
  }
  return found;
}

/**
 * The body of the literal block scalar at `range`, and where its first line starts, when that block
 * holds `value` exactly: its header is a literal block header, and its lines, less the block's
 * indentation, are the value (trailing line breaks aside, which chomping decides).
 */
function literalBlock(
  lines: readonly string[],
  range: Range,
  value: string,
): { readonly text: string; readonly offset: InlineStackSetTemplate['offset'] } | undefined {
  const header = lines[range.start.line - 1];
  if (header === undefined || !LITERAL_HEADER.test(header.slice(range.start.column - 1).replace(/\r$/, ''))) return undefined;
  const first = range.start.line;
  const content = lines.slice(first, Math.min(range.end.line, lines.length)).map((line) => line.replace(/\r$/, ''));
  const indent = /^ */.exec(content.find((line) => line.trim() !== '') ?? '')?.[0].length ?? 0;
  if (indent === 0) return undefined;
  const padding = ' '.repeat(indent);
  if (content.some((line) => line.trim() !== '' && !line.startsWith(padding))) return undefined;
  const text = content.map((line) => line.slice(indent)).join('\n');
  if (withoutTrailing(text, LINE_FEED) !== withoutTrailing(value, LINE_FEED)) return undefined;
  return { text, offset: { lines: first, columns: indent } };
}

/**
 * The inline template parsed, every node and diagnostic at the line and column where the file writes it
 * (on its one quoted line, or at the `TemplateBody` key, for a body whose lines are not the file's). CloudFormation takes a JSON or
 * a YAML body in a template of either kind, so the body's own text decides how it is parsed, not the
 * file's name: JSON when it starts with `{` and parses as JSON, else YAML (`parseTemplateText`).
 */
export function parseInlineTemplate(file: string, inline: InlineStackSetTemplate, limits: Limits): ParsedTemplateFile {
  const bodyName = `${file}#TemplateBody`;
  const parsed = parseTemplateText(bodyName, inline.text, limits);
  const { offset, quoted } = inline;
  const at = inline.property.keyRange;
  const lines = offset?.lines ?? 0;
  const inQuotes = quoted && quotedPosition(inline.text, quoted);
  const shift = (r: Range): Range => {
    if (offset !== undefined) {
      return {
        start: { line: r.start.line + offset.lines, column: r.start.column + offset.columns },
        end: { line: r.end.line + offset.lines, column: r.end.column + offset.columns },
      };
    }
    return inQuotes ? { start: inQuotes(r.start), end: inQuotes(r.end) } : at;
  };
  const node = (n: TemplateNode): TemplateNode => {
    if (n.kind === 'scalar') return { ...n, range: shift(n.range) };
    if (n.kind === 'seq') return { ...n, range: shift(n.range), items: n.items.map(node) };
    return { ...n, range: shift(n.range), entries: n.entries.map((e) => ({ ...e, keyRange: shift(e.keyRange), value: node(e.value) })) };
  };
  // A duplicate key's warning also names the line of the first key (`duplicateKeyMessage`).
  const message = (d: Diagnostic): string =>
    d.resultId === DUPLICATE_KEY
      ? d.message.replace(/\(first written on line (\d+)\)/, (_, line: string) =>
          offset !== undefined
            ? `(first written on line ${String(Number(line) + lines)})`
            : quoted
              ? `(first written on line ${String(quoted.line)})`
              : `(first written on line ${line} of the TemplateBody string)`,
        )
      : d.message;
  const diagnostic = (d: Diagnostic): Diagnostic => ({
    ...d,
    message: message(d),
    location: { ...d.location, file: d.location.file === bodyName ? file : d.location.file, range: shift(d.location.range) },
  });
  return {
    documents: parsed.documents.map((d) => ({ ...d, file, root: node(d.root) as TemplateDocument['root'] })),
    diagnostics: parsed.diagnostics.map(diagnostic),
  };
}

/** A position in a body quoted on one line, as the line and column of the file that writes it. */
function quotedPosition(text: string, quoted: NonNullable<InlineStackSetTemplate['quoted']>): (p: Position) => Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const last = quoted.columns.length - 1;
  return (p) => {
    const index = (starts[p.line - 1] ?? text.length) + p.column - 1;
    return { line: quoted.line, column: quoted.columns[Math.max(0, Math.min(index, last))] ?? 1 };
  };
}

/**
 * The parameter values every stack instance gets: a literal `ParameterValue` of the stack set's
 * `Parameters`; unknown where it is computed or where a `StackInstancesGroup` overrides it (those
 * instances get another value). Undefined when the lists themselves are not written out: which
 * parameters are given is then unknown, and the template is not analysed.
 */
function suppliedParameters(logicalId: string, properties: TemplateNode | undefined): Map<string, TemplateValue> | undefined {
  const supplied = new Map<string, TemplateValue>();
  const parameters = child(properties, 'Parameters');
  const pairs = (list: TemplateNode | undefined): [string, TemplateNode | undefined][] | undefined => {
    if (list === undefined) return [];
    if (list.kind !== 'seq') return undefined;
    const out: [string, TemplateNode | undefined][] = [];
    for (const item of list.items) {
      const key = scalarString(child(item, 'ParameterKey'));
      if (key === undefined) return undefined;
      out.push([key, child(item, 'ParameterValue')]);
    }
    return out;
  };
  const given = pairs(parameters);
  if (given === undefined) return undefined;
  for (const [key, node] of given) {
    const written = scalarString(node);
    supplied.set(key, written ?? new Unknown(`stack set ${logicalId} gives parameter ${key} a computed value`));
  }
  const groups = child(properties, 'StackInstancesGroup');
  if (groups !== undefined && groups.kind !== 'seq') return undefined;
  // The stack instances of a group get its overrides, the others the stack set's value: a parameter
  // every group gives a literal value to is one of those values, in every stack instance.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudformation-stackset-stackinstances.html
  // Gathered in one pass over the overrides (not groups times parameters: many groups and many
  // parameters would multiply).
  const overridden = new Map<string, { values: Set<string>; groups: Set<number>; computed: boolean }>();
  const groupList = groups?.kind === 'seq' ? groups.items : [];
  for (const [index, group] of groupList.entries()) {
    const overrides = pairs(child(group, 'ParameterOverrides'));
    if (overrides === undefined) return undefined;
    for (const [key, node] of overrides) {
      const seen = overridden.get(key) ?? { values: new Set<string>(), groups: new Set<number>(), computed: false };
      overridden.set(key, seen);
      seen.groups.add(index);
      const value = scalarString(node);
      if (value === undefined) seen.computed = true;
      else seen.values.add(value);
    }
  }
  for (const [key, { values, groups: overriding, computed }] of overridden) {
    // A group that does not override the parameter gets the stack set's value (or the template's Default).
    const rest = overriding.size < groupList.length ? supplied.get(key) : undefined;
    if (typeof rest === 'string') values.add(rest);
    const known = !computed && (overriding.size === groupList.length || typeof rest === 'string');
    const reason = `stack set ${logicalId} overrides parameter ${key} for some of its stack instances`;
    const list = [...values];
    if (!known || list[0] === undefined) supplied.set(key, new Unknown(reason));
    else if (list.length === 1) supplied.set(key, list[0]);
    else supplied.set(key, new Unknown(reason, knownPartsOfOneOf(list), undefined, list));
  }
  return supplied;
}
