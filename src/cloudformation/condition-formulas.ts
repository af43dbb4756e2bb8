/**
 * A template's conditions as formulas over what they compare (`core/exclusive-conditions.ts`), so that
 * two resources created under conditions that cannot both hold are never counted together although
 * neither condition can be decided: `HasKey: !Equals [!Ref Mode, key]` and `HasConsole: !Not
 * [!Condition HasKey]`, or `!Equals [!Ref Env, prod]` and `!Equals [!Ref Env, dev]` (one parameter has
 * one value in a stack). CloudFormation evaluates each condition once per stack, from its parameters,
 * pseudo parameters and mappings
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html),
 * so a value written alike in one stack is one value: a value that is not known is named by its
 * symbol (`core/symbolic-value.ts`: a parameter, also as a parent stack passed it) or, without one,
 * by how it is written in this stack. What is not understood is a free atom of its own.
 */
import { and, everyAtom, not, or, TRUE, type Condition } from '../core/exclusive-conditions.js';
import { comparable } from './compare-values.js';
import type { TemplateConditions } from './template-conditions.js';
import type { TemplateNode } from './template-node.js';
import { intrinsicCall, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Unknown, asString } from './template-values.js';

/** More values than this written through nested `Fn::If`s are read as one value. */
const MAX_BRANCHES = 16;

/** A parameter with more `AllowedValues` than this may be any value in a condition (`ConditionFormulas.is`). */
const MAX_ONE_OF = 32;

/** What formulas are read from: the template's conditions and the intrinsic evaluator (`evaluate-intrinsics.ts`). */
export interface FormulaSource {
  readonly conditions: TemplateConditions;
  evaluate(node: TemplateNode): TemplateValue;
}

export class ConditionFormulas {
  private readonly named = new Map<string, Condition>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly evaluator: FormulaSource,
    /** The stack's id prefix: what is written alike in two stacks may have two values. */
    private readonly idPrefix: string,
  ) {}

  /** A condition of the `Conditions` section, by name. */
  condition(name: string): Condition {
    const truth = this.evaluator.conditions.condition(name);
    if (typeof truth === 'boolean') return { kind: 'constant', value: truth };
    const known = this.named.get(name);
    if (known !== undefined) return known;
    const opaque: Condition = { kind: 'atom', key: `condition:${this.idPrefix}\0${name}` };
    const definition = this.evaluator.conditions.conditionDefinition(name);
    if (!definition || this.inProgress.has(name) || this.evaluator.conditions.pastDepth(name, this.inProgress.size)) return opaque;
    this.inProgress.add(name);
    const formula = this.of(definition);
    this.inProgress.delete(name);
    this.named.set(name, formula);
    return formula;
  }

  /** A resource's `Condition` attribute: a condition name, or one computed in a `Fn::ForEach` loop. */
  resourceCondition(node: TemplateNode): Condition {
    const truth = this.evaluator.conditions.resourceCondition(node);
    if (typeof truth === 'boolean') return { kind: 'constant', value: truth };
    if (node.kind === 'scalar') return this.condition(String(node.value));
    const value = this.evaluator.evaluate(node);
    const name = value === NO_VALUE ? undefined : asString(value, 'the name of the resource Condition');
    return typeof name === 'string' ? this.condition(name) : this.opaque(node);
  }

  /**
   * When the value written at `node` is none of `values` (a key's `Status` neither `Inactive` nor
   * `Expired`), looking through `Fn::If` (`!If [UseNewKey, Active, Inactive]` is `Active` when
   * UseNewKey holds). `AWS::NoValue` is none of them (the property is left out).
   */
  noneOf(node: TemplateNode, values: readonly string[]): Condition {
    const call = intrinsicCall(node);
    const [nameNode, whenTrue, whenFalse] = call?.name === 'Fn::If' && call.arg.kind === 'seq' && call.arg.items.length === 3 ? call.arg.items : [];
    const name = scalarString(nameNode);
    if (name !== undefined && whenTrue && whenFalse) {
      const condition = this.condition(name);
      return or(and(condition, this.noneOf(whenTrue, values)), and(not(condition), this.noneOf(whenFalse, values)));
    }
    const value = this.evaluator.evaluate(node);
    if (value === NO_VALUE) return TRUE;
    const compared = comparable(value);
    if (typeof compared === 'string') return { kind: 'constant', value: !values.includes(compared) };
    return and(...values.map((v) => not(this.is(compared, node, v))));
  }

  /**
   * The values written at `node` with when each is the value, through `Fn::If` under conditions that
   * cannot be decided (`!If [IsProd, ops, ci]` is `ops` when IsProd holds, else `ci`); one value, always,
   * where there is no such `Fn::If` or past `MAX_BRANCHES`.
   */
  branches(node: TemplateNode): { readonly when: Condition; readonly value: TemplateValue }[] {
    const found = this.branchesUnder(node, TRUE, MAX_BRANCHES);
    return found ?? [{ when: TRUE, value: this.evaluator.evaluate(node) }];
  }

  private branchesUnder(node: TemplateNode, when: Condition, budget: number): { when: Condition; value: TemplateValue }[] | undefined {
    const call = intrinsicCall(node);
    const [nameNode, whenTrue, whenFalse] = call?.name === 'Fn::If' && call.arg.kind === 'seq' && call.arg.items.length === 3 ? call.arg.items : [];
    const name = scalarString(nameNode);
    if (name === undefined || !whenTrue || !whenFalse) return [{ when, value: this.evaluator.evaluate(node) }];
    const condition = this.condition(name);
    if (condition.kind === 'constant') return this.branchesUnder(condition.value ? whenTrue : whenFalse, when, budget);
    const first = this.branchesUnder(whenTrue, and(when, condition), budget - 1);
    const second = first && this.branchesUnder(whenFalse, and(when, not(condition)), budget - first.length);
    return first && second && first.length + second.length <= budget ? [...first, ...second] : undefined;
  }

  /** A condition function (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`). */
  private of(node: TemplateNode): Condition {
    const truth = this.evaluator.conditions.truth(node);
    if (typeof truth === 'boolean') return { kind: 'constant', value: truth };
    const call = intrinsicCall(node);
    if (!call) return this.opaque(node);
    const args = call.arg.kind === 'seq' ? call.arg.items : [call.arg];
    switch (call.name) {
      case 'Condition': {
        const name = scalarString(call.arg);
        return name === undefined ? this.opaque(node) : this.condition(name);
      }
      case 'Fn::Not':
        return args.length === 1 && args[0] ? not(this.of(args[0])) : this.opaque(node);
      case 'Fn::And':
        return and(...args.map((arg) => this.of(arg)));
      case 'Fn::Or':
        return or(...args.map((arg) => this.of(arg)));
      case 'Fn::Equals':
        return args.length === 2 && args[0] && args[1] ? this.equals(node, args[0], args[1]) : this.opaque(node);
      default:
        return this.opaque(node);
    }
  }

  /** `Fn::Equals` of a value not known and a literal, or of two values not known (its truth is unknown). */
  private equals(node: TemplateNode, a: TemplateNode, b: TemplateNode): Condition {
    const [left, right] = [comparable(this.evaluator.evaluate(a)), comparable(this.evaluator.evaluate(b))];
    if (left instanceof Unknown && typeof right === 'string') return this.is(left, a, right);
    if (right instanceof Unknown && typeof left === 'string') return this.is(right, b, left);
    if (left instanceof Unknown && right instanceof Unknown)
      return { kind: 'atom', key: `==${JSON.stringify([this.subject(left, a), this.subject(right, b)].sort())}` };
    return this.opaque(node);
  }

  /**
   * That a value not known is `literal`, with the values it may take where `AllowedValues` restricts
   * them to `MAX_ONE_OF` at most: each comparison carries the list, and the conditions are written out
   * and compared pair by pair, so a list of thousands would cost that much on every atom.
   */
  private is(value: Unknown, node: TemplateNode, literal: string): Condition {
    const oneOf = value.oneOf !== undefined && value.oneOf.length <= MAX_ONE_OF ? value.oneOf : undefined;
    return { kind: 'is', subject: this.subject(value, node), value: literal, ...(oneOf ? { oneOf } : {}) };
  }

  /** What names a value not known: its symbol, else how it is written in this stack. */
  private subject(value: Unknown, node: TemplateNode): string {
    return value.symbol !== undefined ? `symbol:${value.symbol.key}` : `written:${this.idPrefix}\0${written(node)}`;
  }

  private opaque(node: TemplateNode): Condition {
    return { kind: 'atom', key: `written:${this.idPrefix}\0${written(node)}` };
  }
}

/**
 * Whether a condition waits only for values that a stack always has, true or false once they are given:
 * each atom compares parameters, pseudo parameters or values built of them (named by their symbol)
 * with literals or with each other. An atom for a value read otherwise (a mapping entry, an element
 * `Fn::Select` picks, a condition the template does not define) may instead stop the deployment, which
 * then creates neither resource.
 */
export function decidedByValues(condition: Condition): boolean {
  const symbolic = (subject: string) => subject.startsWith('symbol:');
  return everyAtom(condition, (atom) => {
    if (atom.kind === 'is') return symbolic(atom.subject);
    if (atom.kind !== 'atom' || !atom.key.startsWith('==')) return false;
    const subjects: unknown = JSON.parse(atom.key.slice(2));
    return Array.isArray(subjects) && subjects.every((s) => typeof s === 'string' && symbolic(s));
  });
}

/** How a node is written, positions aside (`!Ref X` and `{ "Ref": "X" }` alike). */
function written(node: TemplateNode): string {
  const shape = (n: TemplateNode): unknown =>
    n.kind === 'scalar' ? n.value : n.kind === 'seq' ? n.items.map(shape) : n.entries.map((e) => [e.key, shape(e.value)]);
  return JSON.stringify(shape(node));
}
