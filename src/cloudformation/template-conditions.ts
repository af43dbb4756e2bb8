import type { TemplateNode } from './template-node.js';
import { intrinsicCall, scalarString } from './template-node.js';
import { loopVariableText } from './expand-for-each.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Unknown, asString } from './template-values.js';
import { cannotBeEqual, comparable } from './compare-values.js';
import type { ResourceHooks } from './evaluator-hooks.js';

/** The truth of a condition: known, or unknown with the reason. */
export type Truth = boolean | Unknown;

/**
 * The `Conditions` of a template and the condition functions they are written with (`Fn::Equals`,
 * `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`), each named condition evaluated once; the values
 * `Fn::Equals` compares come from the intrinsic evaluator (`evaluate-intrinsics.ts`).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html
 */
export class TemplateConditions {
  private readonly conditionCache = new Map<string, Truth>();
  private readonly conditionsInProgress = new Set<string>();
  private readonly reportedTooDeep = new Set<string>();

  constructor(
    private readonly hooks: ResourceHooks,
    private readonly evaluate: (node: TemplateNode) => TemplateValue,
  ) {}

  /** The definition of a named condition (including those `Fn::ForEach` generates). */
  conditionDefinition(name: string): TemplateNode | undefined {
    return this.hooks.conditionDefinition(name);
  }

  /** The truth of a named condition in `Conditions`; unknown when it depends on an unknown value. */
  condition(name: string): Truth {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    // A placeholder of a loop whose collection is not known names a condition by its loop variable.
    const loopVariable = loopVariableText(name);
    if (loopVariable !== undefined) return new Unknown(loopVariable);
    const definition = this.hooks.conditionDefinition(name);
    if (!definition) return new Unknown(`condition ${name} is not declared`);
    if (this.conditionsInProgress.has(name)) return new Unknown(`condition ${name} depends on itself`);
    if (this.pastDepth(name, this.conditionsInProgress.size)) {
      // Remembered: the limit is reported once per condition.
      const tooDeep = new Unknown(`condition ${name} is named through more conditions than credlint follows`);
      this.conditionCache.set(name, tooDeep);
      return tooDeep;
    }
    this.conditionsInProgress.add(name);
    const truth = this.truth(definition);
    this.conditionsInProgress.delete(name);
    const result = truth instanceof Unknown ? new Unknown(`condition ${name} is unknown: ${truth.reason}`) : truth;
    this.conditionCache.set(name, result);
    return result;
  }

  /**
   * Whether condition `name`, reached through `depth` conditions that name one another, is past
   * `conditionDepth` (reported at its definition, once per name). Each is evaluated inside the one
   * naming it, here and in `condition-formulas.ts`, so the depth is bounded before the JavaScript stack.
   */
  pastDepth(name: string, depth: number): boolean {
    if (depth < this.hooks.limits.conditionDepth) return false;
    const definition = this.hooks.conditionDefinition(name);
    if (definition && !this.reportedTooDeep.has(name)) {
      this.reportedTooDeep.add(name);
      this.hooks.limitReached(
        definition,
        'conditionDepth',
        `condition ${name} is named through more than ${String(this.hooks.limits.conditionDepth)} conditions that name one another`,
      );
    }
    return true;
  }

  /**
   * Whether a resource with this `Condition` attribute exists: the named condition's truth. With the
   * AWS::LanguageExtensions transform the name may be computed by an intrinsic function (in a
   * `Fn::ForEach` loop, `!FindInMap [Map, Key, !Ref Id, { DefaultValue: !Ref AWS::NoValue }]`), and
   * `AWS::NoValue` leaves the resource without a condition.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-foreach-example-resource.html
   */
  resourceCondition(node: TemplateNode): Truth {
    if (node.kind === 'scalar') return node.value === null ? true : this.condition(String(node.value));
    if (node.kind !== 'map' || !intrinsicCall(node)) return new Unknown('a resource Condition is not a condition name');
    const value = this.evaluate(node);
    if (value === NO_VALUE) return true;
    const name = asString(value, 'the name of the resource Condition');
    return name instanceof Unknown ? new Unknown(name.reason) : this.condition(name);
  }

  /** A condition function (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`). */
  truth(node: TemplateNode): Truth {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    const call = intrinsicCall(node);
    if (!call) return new Unknown('a condition is not a condition function');
    const args = call.arg.kind === 'seq' ? call.arg.items : [call.arg];
    switch (call.name) {
      case 'Condition': {
        const name = scalarString(call.arg);
        return name === undefined ? new Unknown('Condition needs a condition name') : this.condition(name);
      }
      case 'Fn::Equals': {
        const [a, b] = args.map((arg) => this.evaluate(arg));
        if (a === undefined || b === undefined) return new Unknown('Fn::Equals needs two values');
        const left = comparable(a);
        const right = comparable(b);
        if (cannotBeEqual(left, right)) return false;
        if (left instanceof Unknown) return left;
        if (right instanceof Unknown) return right;
        return left === right;
      }
      case 'Fn::Not': {
        const inner = args[0] ? this.truth(args[0]) : new Unknown('Fn::Not needs a condition');
        return inner instanceof Unknown ? inner : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        // Three-valued logic: one false decides And, one true decides Or, whatever else is unknown.
        const decisive = call.name === 'Fn::Or';
        let unknown: Unknown | undefined;
        for (const arg of args) {
          const t = this.truth(arg);
          if (t === decisive) return decisive;
          if (t instanceof Unknown) unknown ??= t;
        }
        return unknown ?? !decisive;
      }
      default:
        return new Unknown(`${call.name} is not a condition function`);
    }
  }
}
