import type { MapEntry, MapNode, TemplateNode } from './template-node.js';
import { child, entry, intrinsicCall, scalarString, writtenIn } from './template-node.js';

/**
 * The resource types whose properties credlint reads (`collect-iam-resources.ts`): IAM users and
 * access keys, and the stacks whose templates it follows or notes. No other resource's properties can
 * decide a finding (a `Ref` or `Fn::GetAtt` of one is unknown).
 */
export const ANALYSED_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::User',
  'AWS::IAM::AccessKey',
  'AWS::CloudFormation::Stack',
  'AWS::Serverless::Application',
  'AWS::CloudFormation::StackSet',
]);

/**
 * Deeper `Fn::If` nesting than any template writes around a resource's properties; past it the
 * properties are left as written (none of them can be read).
 */
const MAX_NESTING = 32;

/**
 * A resource's `Properties`, reading through a `Fn::If` written as the whole of them. CloudFormation
 * accepts `Properties: !If [Cond, {...}, {...}]` (each branch a set of properties, another such
 * `Fn::If`, or `Ref: AWS::NoValue` for none), and creates the resource with the branch the condition
 * picks (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if).
 * The `Fn::If` is moved onto each property a branch sets: `UserName: !If [Cond, a, b]`, and
 * `!If [Cond, x, !Ref AWS::NoValue]` for one that only one branch sets, so the evaluator decides the
 * condition, and a property is unknown only where the condition is and the branches differ.
 */
export function resourceProperties(resource: MapEntry): TemplateNode | undefined {
  const properties = child(resource.value, 'Properties');
  if (!properties) return undefined;
  // Read once per resource: several properties of one resource are looked up through it.
  let set = merged.get(properties);
  if (set === undefined) {
    set = propertySet(properties, 0) ?? properties;
    merged.set(properties, set);
  }
  return set;
}

const merged = new WeakMap<TemplateNode, TemplateNode>();

/** A map's entries by key, the first of each key (as `entry` finds it). */
function entriesByKey(map: MapNode): Map<string, MapEntry> {
  const byKey = new Map<string, MapEntry>();
  for (const e of map.entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
  return byKey;
}

/** The `Properties` written on a resource, looked up through `resourceProperties`. */
export function propertyEntry(resource: MapEntry, name: string): MapEntry | undefined {
  return entry(resourceProperties(resource), name);
}

function isNoValue(node: TemplateNode): boolean {
  const call = intrinsicCall(node);
  return call?.name === 'Ref' && scalarString(call.arg) === 'AWS::NoValue';
}

/** A set of properties as one map, or undefined when the node is not one (a scalar, a list, another function). */
function propertySet(node: TemplateNode, depth: number): MapNode | undefined {
  const call = intrinsicCall(node);
  if (!call) return node.kind === 'map' ? node : undefined;
  if (isNoValue(node)) return { kind: 'map', entries: [], range: node.range };
  if (call.name !== 'Fn::If' || call.arg.kind !== 'seq' || call.arg.items.length !== 3 || depth >= MAX_NESTING) return undefined;
  const [condition, whenTrue, whenFalse] = call.arg.items as [TemplateNode, TemplateNode, TemplateNode];
  const a = propertySet(whenTrue, depth + 1);
  const b = propertySet(whenFalse, depth + 1);
  if (!a || !b) return undefined;
  const ifKeyRange = (node as MapNode).entries[0]?.keyRange ?? node.range;
  const noValue = (at: TemplateNode): TemplateNode => ({
    kind: 'map',
    entries: [{ key: 'Ref', keyRange: at.range, value: { kind: 'scalar', value: 'AWS::NoValue', range: at.range, ...writtenIn(at) }, ...writtenIn(at) }],
    range: at.range,
    ...writtenIn(at),
  });
  const [byKeyA, byKeyB] = [entriesByKey(a), entriesByKey(b)];
  const keys = [...new Set([...byKeyA.keys(), ...byKeyB.keys()])];
  const entries = keys.map((key): MapEntry => {
    const inA = byKeyA.get(key);
    const inB = byKeyB.get(key);
    const first = (inA ?? inB) as MapEntry;
    const branches = [inA?.value ?? noValue(whenTrue), inB?.value ?? noValue(whenFalse)];
    const args: TemplateNode = { kind: 'seq', items: [condition, ...branches], range: call.arg.range, ...writtenIn(call.arg) };
    const value: TemplateNode = {
      kind: 'map',
      entries: [{ key: 'Fn::If', keyRange: ifKeyRange, value: args, ...writtenIn(call.arg) }],
      range: first.value.range,
      ...writtenIn(first.value),
    };
    return { key, keyRange: first.keyRange, value, ...writtenIn(first) };
  });
  return { kind: 'map', entries, range: node.range };
}
