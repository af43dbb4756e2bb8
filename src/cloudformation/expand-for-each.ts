import type { LimitName, Limits } from '../core/limits.js';
import type { SourceLocation } from '../core/location.js';
import type { MapEntry, TemplateNode } from './template-node.js';
import { fileOf, locationOf, scalarString, writtenIn } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { Unknown, asList, asString } from './template-values.js';

/**
 * `Fn::ForEach` loops of the AWS::LanguageExtensions transform, in the sections where the transform
 * expands them: `Resources`, `Conditions` and `Outputs`. `Fn::ForEach::<Name>: [Identifier, Collection,
 * { OutputKey: OutputValue }]` makes one copy of the output per collection item, with `${Identifier}` /
 * `&{Identifier}` (item without non-alphanumerics) replaced in keys and strings and `Ref: Identifier`
 * replaced by the item. Loops may nest.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach-example-conditions.html
 * Generated entries keep the positions of the loop body they come from. Written and generated
 * resources together stop at the `templateResources` limit, copies of loop bodies at `parseNodes`.
 *
 * A `Resources` loop whose collection is not known (a `CommaDelimitedList` parameter without a value)
 * makes none, one or several copies of its body: the body is kept once, as placeholders (`onPlaceholder`)
 * whose existence and number are unknown, with the loop variable an unknown value
 * (`loopVariableText`), so that what every copy would be is still reported as undecided.
 */
export type LoopSection = 'Resources' | 'Conditions' | 'Outputs';

/** What a loop that cannot be expanded leaves out, and what is left once a budget runs out, for notes. */
const LEFT_OUT: Readonly<Record<LoopSection, { readonly generated: string; readonly generatedForItem: string; readonly rest: string }>> = {
  Resources: {
    generated: 'the resources it generates are not analysed',
    generatedForItem: 'the resources generated for it are not analysed',
    rest: 'the rest of the resources are not analysed',
  },
  Conditions: {
    generated: 'the conditions it generates are unknown',
    generatedForItem: 'the conditions generated for it are unknown',
    rest: 'the rest of the conditions are unknown',
  },
  Outputs: {
    generated: 'the outputs it generates are unknown',
    generatedForItem: 'the outputs generated for it are unknown',
    rest: 'the rest of the outputs are unknown',
  },
};

/** The entries of a section with its loops expanded, in the order they are written. */
export function expandSection(
  section: LoopSection,
  entries: readonly MapEntry[],
  file: string,
  evaluate: (node: TemplateNode) => TemplateValue,
  note: (location: SourceLocation, message: string) => void,
  budget: ExpansionBudget,
  onPlaceholder?: (entry: MapEntry, loop: UnknownLoop) => void,
): MapEntry[] {
  const expansion: Expansion = { section, file, evaluate, note, budget, entries: [], copiedNodes: 0, ...(onPlaceholder ? { onPlaceholder } : {}) };
  try {
    for (const e of entries) {
      if (isLoop(e)) expandLoop(e, expansion, 0);
      else add(expansion, e, e);
    }
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
    budget.exceeded(locationOf(fileOf(file, error.at), error.at.keyRange, `${section}.${error.at.key}`), error.limit, error.what);
  }
  return expansion.entries;
}

/** Whether an entry of a section is a `Fn::ForEach` loop rather than what the section declares. */
export function isLoop(e: MapEntry): boolean {
  return e.key.startsWith('Fn::ForEach::');
}

/** What expansion may spend: resources per stack (`templateResources`), copied nodes (`parseNodes`). */
export interface ExpansionBudget {
  readonly limits: Limits;
  exceeded(location: SourceLocation, name: LimitName, what: string): void;
}

interface Expansion {
  readonly section: LoopSection;
  readonly file: string;
  readonly evaluate: (node: TemplateNode) => TemplateValue;
  readonly note: (location: SourceLocation, message: string) => void;
  readonly budget: ExpansionBudget;
  readonly entries: MapEntry[];
  readonly onPlaceholder?: (entry: MapEntry, loop: UnknownLoop) => void;
  copiedNodes: number;
}

/** The outermost loop of unknown collection a placeholder comes from. */
export interface UnknownLoop {
  /** The loop's key, `Fn::ForEach::Users`. */
  readonly key: string;
  /** Why the resource may not exist, or exist several times. */
  readonly reason: string;
  /**
   * The loops of unknown collection it is in, outermost first: two placeholders of one chain come
   * one of each per copy (a user and the key naming it by the loop variable).
   */
  readonly chain: readonly string[];
}

/**
 * Marks, in a placeholder's strings, where the loop variable was: the hexadecimal digits after it spell
 * the variable's name, then (after U+0003, up to the next U+0001) why it is unknown; digits only, so
 * that `Fn::Sub` reads `${<mark>}` as one variable name. A template can write control characters too
 * (`"\u0001"` in JSON, `"\x01"` in YAML), so the mark also holds digits drawn when credlint starts:
 * no string a template writes is taken for one (a written `"\u0001Fn::ForEach\u0002"` is that text,
 * not a loop variable of no reason). The mark never reaches output: a string holding one is unknown.
 */
const LOOP_VARIABLE_MARK = `\u0001Fn::ForEach${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}\u0002`;

/** `${<mark>}`, a whole loop variable in a placeholder's string. */
export const LOOP_VARIABLE_IN_TEXT = new RegExp(`\\$\\{${LOOP_VARIABLE_MARK}([0-9a-f]*)\u0003[0-9a-f]*\u0001\\}`, 'g');

/** A mark with its two runs of digits. */
const MARK_PARTS = new RegExp(`${LOOP_VARIABLE_MARK}([0-9a-f]*)\u0003([0-9a-f]*)\u0001`);

const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');
const unhex = (digits: string): string => Buffer.from(digits, 'hex').toString('utf8');

function loopVariableMark(identifier: string, reason: string): string {
  return `${LOOP_VARIABLE_MARK}${hex(identifier)}\u0003${hex(reason)}\u0001`;
}

/**
 * A placeholder's string with its loop variables written back as the loop writes them (`User${Name}`):
 * how a placeholder names another of the same copy, whose key is kept as written.
 */
export function loopTemplateText(text: string): string {
  return text.replace(LOOP_VARIABLE_IN_TEXT, (_, identifier: string) => `\${${unhex(identifier)}}`);
}

/** Why the loop variable a string holds is unknown; undefined where it holds none (also where a mark is not whole). */
export function loopVariableText(text: string): string | undefined {
  if (!text.includes(LOOP_VARIABLE_MARK)) return undefined;
  const reason = unhex(MARK_PARTS.exec(text)?.[2] ?? '');
  return reason === '' ? undefined : reason;
}

/** Ends the expansion of a stack's section: a budget ran out at the loop `at`. */
class BudgetSpent extends Error {
  constructor(
    readonly at: MapEntry,
    readonly limit: LimitName,
    readonly what: string,
  ) {
    super(what);
  }
}

function add(expansion: Expansion, entry: MapEntry, loop: MapEntry, unknownLoop?: UnknownLoop): void {
  if (expansion.section === 'Resources' && expansion.entries.length >= expansion.budget.limits.templateResources) {
    throw new BudgetSpent(loop, 'templateResources', 'the template declares or generates too many resources; the rest are not analysed');
  }
  expansion.entries.push(entry);
  if (unknownLoop) expansion.onPlaceholder?.(entry, unknownLoop);
}

const MAX_LOOP_DEPTH = 5;

function expandLoop(loop: MapEntry, expansion: Expansion, depth: number, outermost: MapEntry = loop, unknownLoop?: UnknownLoop): void {
  const at = locationOf(fileOf(expansion.file, loop), loop.keyRange, `${expansion.section}.${loop.key}`);
  const [identifierNode, collectionNode, output] = loop.value.kind === 'seq' ? loop.value.items : [];
  const identifier = scalarString(identifierNode);
  if (identifier === undefined || !collectionNode || output?.kind !== 'map' || depth >= MAX_LOOP_DEPTH) {
    expansion.note(at, `${loop.key} is not a loop credlint can expand; ${LEFT_OUT[expansion.section].generated}`);
    return;
  }
  const list = asList(expansion.evaluate(collectionNode), `the ${loop.key} collection`);
  const items = list instanceof Unknown ? list : list.map((v) => asString(v, `an item of the ${loop.key} collection`));
  if (items instanceof Unknown) {
    unknownCollection(loop, items, { identifier, output: output.entries, at }, expansion, depth, outermost, unknownLoop);
    return;
  }
  const unknownItem = items.find((i): i is Unknown => i instanceof Unknown);
  if (unknownItem && (expansion.section !== 'Resources' || !expansion.onPlaceholder)) {
    expansion.note(
      at,
      `${loop.key} is expanded for the items of its collection that are known; an item is not (${unknownItem.reason}), so ${LEFT_OUT[expansion.section].generatedForItem}`,
    );
  }
  // A collection written as a list has its items (intrinsic-function-reference-foreach.html: an array, or
  // a Ref to a CommaDelimitedList): one not known (`[alice, !Ref Extra]`) leaves the copies of the
  // others as they are, each made in every deployment, and is a placeholder of its own.
  let placeholderMade = false;
  for (const item of items) {
    if (typeof item === 'string') copyBody(output.entries, identifier, item, expansion, depth, outermost, unknownLoop);
    else if (!placeholderMade && expansion.section === 'Resources' && expansion.onPlaceholder) {
      placeholderMade = true;
      unknownCollection(loop, item, { identifier, output: output.entries, at, itemOnly: true }, expansion, depth, outermost, unknownLoop);
    }
  }
}

/**
 * A `Resources` loop whose collection (or one item of it, `itemOnly`) is not known: the body once,
 * its keys as written (`User${Name}`), its values with the loop variable unknown; elsewhere a note.
 */
function unknownCollection(
  loop: MapEntry,
  unknown: Unknown,
  body: { readonly identifier: string; readonly output: readonly MapEntry[]; readonly at: SourceLocation; readonly itemOnly?: boolean },
  expansion: Expansion,
  depth: number,
  outermost: MapEntry,
  unknownLoop: UnknownLoop | undefined,
): void {
  const { identifier, at, itemOnly = false } = body;
  if (expansion.section !== 'Resources' || !expansion.onPlaceholder) {
    expansion.note(at, `${loop.key} is not expanded (${unknown.reason}); ${LEFT_OUT[expansion.section].generated}`);
    return;
  }
  const why = itemOnly
    ? `${loop.key} makes one copy per item of its collection, and an item is not known (${unknown.reason}): the copy for it may not be created, or several may`
    : `${loop.key} makes one copy per item of its collection, which is not known (${unknown.reason}): none, one or several may be created`;
  const placeholderOf = {
    key: unknownLoop?.key ?? loop.key,
    reason: unknownLoop?.reason ?? why,
    chain: [...(unknownLoop?.chain ?? []), loop.key],
  };
  expansion.note(
    at,
    itemOnly
      ? `${loop.key} is expanded for the items of its collection that are known; an item is not (${unknown.reason}), so the resources generated for it are analysed once, with ${identifier} unknown, and may not exist or exist several times`
      : `${loop.key} is not expanded (${unknown.reason}); the resources it generates are analysed once, with ${identifier} unknown, and may not exist or exist several times`,
  );
  const item = loopVariableMark(identifier, `${identifier} is an item of the ${loop.key} collection, which is not known (${unknown.reason})`);
  copyBody(body.output, identifier, item, expansion, depth, outermost, placeholderOf);
}

function copyBody(
  body: readonly MapEntry[],
  identifier: string,
  item: string,
  expansion: Expansion,
  depth: number,
  outermost: MapEntry,
  unknownLoop: UnknownLoop | undefined,
): void {
  for (const e of body) {
    const copy: MapEntry = { ...e, key: replaceInKey(e.key, identifier, item), value: substitute(e.value, identifier, item, expansion, outermost) };
    if (isLoop(copy)) expandLoop(copy, expansion, depth + 1, outermost, unknownLoop);
    else add(expansion, copy, outermost, unknownLoop);
  }
}

/** An unknown item leaves keys as written (`User${Name}`): what names the placeholder. */
function replaceInKey(text: string, identifier: string, item: string): string {
  return item.startsWith(LOOP_VARIABLE_MARK) ? text : replaceIn(text, identifier, item);
}

function replaceIn(text: string, identifier: string, item: string): string {
  // In values, an unknown item is the mark that makes them unknown (`loopVariableText`).
  // Written `${<mark>}`, it is one unknown variable of a `Fn::Sub`, whose literal text stays known.
  if (item.startsWith(LOOP_VARIABLE_MARK)) {
    const variable = `\${${item}}`;
    return text.split(`\${${identifier}}`).join(variable).split(`&{${identifier}}`).join(variable);
  }
  return text
    .split(`\${${identifier}}`)
    .join(item)
    .split(`&{${identifier}}`)
    .join(item.replace(/[^A-Za-z0-9]/g, ''));
}

function substitute(node: TemplateNode, identifier: string, item: string, expansion: Expansion, loop: MapEntry): TemplateNode {
  // Each copy costs what a parsed node costs: copies of a big body, or loops nested in loops,
  // may not multiply the template beyond what a file of the parseNodes limit could hold.
  expansion.copiedNodes += 1;
  if (expansion.copiedNodes > expansion.budget.limits.parseNodes) {
    throw new BudgetSpent(loop, 'parseNodes', `Fn::ForEach copies too many template nodes; ${LEFT_OUT[expansion.section].rest}`);
  }
  if (node.kind === 'scalar') return typeof node.value === 'string' ? { ...node, value: replaceIn(node.value, identifier, item) } : node;
  if (node.kind === 'seq') return { ...node, items: node.items.map((n) => substitute(n, identifier, item, expansion, loop)) };
  const only = node.entries.length === 1 ? node.entries[0] : undefined;
  if (only?.key === 'Ref' && scalarString(only.value) === identifier) return { kind: 'scalar', value: item, range: node.range, ...writtenIn(node) };
  return {
    ...node,
    entries: node.entries.map((e) => ({
      ...e,
      key: replaceInKey(e.key, identifier, item),
      value: substitute(e.value, identifier, item, expansion, loop),
    })),
  };
}
