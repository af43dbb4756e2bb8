import type { SourceLocation } from '../core/location.js';
import type { MapEntry, TemplateNode } from './template-node.js';
import { locationOf, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { Unknown, asList, asString } from './template-values.js';

/**
 * `Fn::ForEach` loops of the AWS::LanguageExtensions transform in `Resources`:
 * `Fn::ForEach::<Name>: [Identifier, Collection, { OutputKey: OutputValue }]` makes one copy of the
 * output per collection item, with `${Identifier}` / `&{Identifier}` (item without non-alphanumerics)
 * replaced in keys and strings and `Ref: Identifier` replaced by the item. Loops may nest.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-foreach.html
 * Generated resources keep the positions of the loop body they come from.
 */
export function expandResources(
  entries: readonly MapEntry[],
  file: string,
  evaluate: (node: TemplateNode) => TemplateValue,
  note: (location: SourceLocation, message: string) => void,
): MapEntry[] {
  return entries.flatMap((e) => (e.key.startsWith('Fn::ForEach::') ? expandLoop(e, file, evaluate, note, 0) : [e]));
}

const MAX_LOOP_DEPTH = 5;

function expandLoop(
  loop: MapEntry,
  file: string,
  evaluate: (node: TemplateNode) => TemplateValue,
  note: (location: SourceLocation, message: string) => void,
  depth: number,
): MapEntry[] {
  const at = locationOf(file, loop.keyRange, `Resources.${loop.key}`);
  const [identifierNode, collectionNode, output] = loop.value.kind === 'seq' ? loop.value.items : [];
  const identifier = scalarString(identifierNode);
  if (identifier === undefined || !collectionNode || output?.kind !== 'map' || depth >= MAX_LOOP_DEPTH) {
    note(at, `${loop.key} is not a loop credlint can expand; the resources it generates are not analysed`);
    return [];
  }
  const list = asList(evaluate(collectionNode), `the ${loop.key} collection`);
  const items = list instanceof Unknown ? list : list.map((v) => asString(v, `an item of the ${loop.key} collection`));
  const unknown = items instanceof Unknown ? items : items.find((i): i is Unknown => i instanceof Unknown);
  if (unknown) {
    note(at, `${loop.key} is not expanded (${unknown.reason}); the resources it generates are not analysed`);
    return [];
  }
  return (items as string[]).flatMap((item) =>
    output.entries.flatMap((e) => {
      const copy: MapEntry = { key: replaceIn(e.key, identifier, item), keyRange: e.keyRange, value: substitute(e.value, identifier, item) };
      return copy.key.startsWith('Fn::ForEach::') ? expandLoop(copy, file, evaluate, note, depth + 1) : [copy];
    }),
  );
}

function replaceIn(text: string, identifier: string, item: string): string {
  return text.split(`\${${identifier}}`).join(item).split(`&{${identifier}}`).join(item.replace(/[^A-Za-z0-9]/g, ''));
}

function substitute(node: TemplateNode, identifier: string, item: string): TemplateNode {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? { ...node, value: replaceIn(node.value, identifier, item) } : node;
  if (node.kind === 'seq') return { ...node, items: node.items.map((n) => substitute(n, identifier, item)) };
  const only = node.entries.length === 1 ? node.entries[0] : undefined;
  if (only?.key === 'Ref' && scalarString(only.value) === identifier) return { kind: 'scalar', value: item, range: node.range };
  return { ...node, entries: node.entries.map((e) => ({ key: replaceIn(e.key, identifier, item), keyRange: e.keyRange, value: substitute(e.value, identifier, item) })) };
}
