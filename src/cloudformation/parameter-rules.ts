import type { TemplateNode } from './template-node.js';
import { intrinsicCall, scalarString } from './template-node.js';
import { Secret, type TemplateValue } from './template-values.js';

/** A parameter's value before the template's `Rules` apply, and whether it is its `Default`. */
export interface PlainParameter {
  readonly value: TemplateValue;
  readonly fromDefault: boolean;
}

/** What a failing rule assertion makes of a parameter it reads. */
export interface RuleVerdict {
  /** The stack as given is refused: the value is unknown. Otherwise a root stack's `Default` a deployment may replace. */
  readonly refused: boolean;
  readonly reason: string;
}

/**
 * The parameters a template's `Rules` refuse, each with what that makes of it. CloudFormation checks
 * each rule whose `RuleCondition` holds (a rule without one always applies) and creates or updates no
 * stack where one of its `Assertions` is false
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html); an
 * assertion may read several parameters, and which of them is wrong is not known. In a root stack, a
 * stack that is created was given a value at deployment for at least one `Default` the rule reads
 * (`--parameter-overrides`): those are values still to come, and a value given stays. Where the rule
 * reads no `Default` of a root stack, or in a nested stack (whose parent gives the values), every
 * parameter it reads is refused.
 *
 * Rule functions are read as documented (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Fn::Contains`,
 * `Fn::EachMemberEquals`, `Fn::EachMemberIn`, `Ref` of a parameter); any other, or a value not known,
 * decides nothing. A parameter judged reads as unknown in the next pass, until no rule adds one.
 */
export function parameterRules(
  rules: TemplateNode | undefined,
  plain: (name: string) => PlainParameter | undefined,
  root: boolean,
): ReadonlyMap<string, RuleVerdict> {
  const judged = new Map<string, RuleVerdict>();
  if (rules?.kind !== 'map') return judged;
  const read = (name: string): TemplateValue | undefined => (judged.has(name) ? undefined : plain(name)?.value);
  for (let added = true; added;) {
    added = false;
    for (const { key: rule, value: body } of rules.entries) {
      const condition = body.kind === 'map' ? body.entries.find((entry) => entry.key === 'RuleCondition')?.value : undefined;
      if (condition !== undefined && truth(condition, read) !== true) continue;
      const assertions = body.kind === 'map' ? body.entries.find((entry) => entry.key === 'Assertions')?.value : undefined;
      const failing = assertions?.kind === 'seq' ? assertions.items.find((item) => item.kind === 'map' && truth(assertAt(item), read) === false) : undefined;
      if (failing === undefined) continue;
      const names = [...new Set([...(condition === undefined ? [] : refs(condition)), ...refs(assertAt(failing))])].filter(
        (name) => !judged.has(name) && plain(name) !== undefined,
      );
      const defaults = root ? names.filter((name) => plain(name)?.fromDefault === true) : [];
      const chosen = defaults.length > 0 ? defaults : names;
      const list = chosen.join(' and ');
      const verdict: RuleVerdict =
        defaults.length > 0
          ? {
              refused: false,
              reason: `rule ${rule} fails with the Default of ${list}, so a stack that is created is given ${chosen.length === 1 ? 'another value for it' : 'a value for one of them'}`,
            }
          : { refused: true, reason: `rule ${rule} fails with the value of ${list}, so CloudFormation refuses the stack` };
      for (const name of chosen) judged.set(name, verdict);
      added ||= chosen.length > 0;
    }
  }
  return judged;
}

function assertAt(assertion: TemplateNode): TemplateNode {
  return (assertion.kind === 'map' ? assertion.entries.find((entry) => entry.key === 'Assert')?.value : undefined) ?? assertion;
}

/** The parameters an expression names with `Ref`. */
function refs(node: TemplateNode): string[] {
  const call = intrinsicCall(node);
  if (call?.name === 'Ref') {
    const name = scalarString(call.arg);
    return name === undefined ? [] : [name];
  }
  if (node.kind === 'map') return node.entries.flatMap((entry) => refs(entry.value));
  if (node.kind === 'seq') return node.items.flatMap((item) => refs(item));
  return [];
}

/** A rule function's truth value, undefined where not known. */
function truth(node: TemplateNode, read: (name: string) => TemplateValue | undefined): boolean | undefined {
  const call = intrinsicCall(node);
  const args = call?.arg.kind === 'seq' ? call.arg.items : [];
  const values = () => args.map((arg) => value(arg, read));
  switch (call?.name) {
    case 'Fn::Equals': {
      const [a, b] = values();
      return args.length === 2 && typeof a === 'string' && typeof b === 'string' ? a === b : undefined;
    }
    case 'Fn::Not':
      return args.length === 1 && args[0] !== undefined ? negate(truth(args[0], read)) : undefined;
    case 'Fn::And':
    case 'Fn::Or': {
      const each = args.map((arg) => truth(arg, read));
      const decisive = call.name === 'Fn::And' ? false : true;
      if (each.includes(decisive)) return decisive;
      return each.length > 0 && each.every((one) => one === !decisive) ? !decisive : undefined;
    }
    case 'Fn::Contains': {
      const [list, item] = values();
      return args.length === 2 && strings(list) && typeof item === 'string' ? list.includes(item) : undefined;
    }
    case 'Fn::EachMemberEquals': {
      const [list, item] = values();
      return args.length === 2 && strings(list) && typeof item === 'string' ? list.every((member) => member === item) : undefined;
    }
    case 'Fn::EachMemberIn': {
      const [list, allowed] = values();
      return args.length === 2 && strings(list) && strings(allowed) ? list.every((member) => allowed.includes(member)) : undefined;
    }
    default:
      return undefined;
  }
}

function negate(value: boolean | undefined): boolean | undefined {
  return value === undefined ? undefined : !value;
}

function strings(value: TemplateValue | undefined): value is readonly string[] {
  return Array.isArray(value) && value.every((member) => typeof member === 'string');
}

/** A rule function's argument: a literal, a list of them, or a parameter's value (a NoEcho one as it is). */
function value(node: TemplateNode, read: (name: string) => TemplateValue | undefined): TemplateValue | undefined {
  if (node.kind === 'scalar') return node.value === null ? undefined : String(node.value);
  if (node.kind === 'seq') {
    const items = node.items.map((item) => value(item, read));
    return items.every((item) => item !== undefined) ? items : undefined;
  }
  const call = intrinsicCall(node);
  if (call?.name !== 'Ref') return undefined;
  const name = scalarString(call.arg);
  const found = name === undefined ? undefined : read(name);
  return found instanceof Secret ? found.value : found;
}
