import type { TemplateEvaluator } from './evaluate-intrinsics.js';
import { decidedByValues, type ConditionFormulas } from './condition-formulas.js';
import { alwaysHolds, and, neverHolds, not, or, TRUE, type Condition, type ConditionWork } from '../core/exclusive-conditions.js';
import type { Truth } from './template-conditions.js';
import type { MapEntry, TemplateNode } from './template-node.js';
import type { UnknownLoop } from './expand-for-each.js';
import { child, intrinsicCall, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Unknown } from './template-values.js';

/** The statuses of a key that is not active (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html). */
const INACTIVE_STATUSES = ['Inactive', 'Expired'];

/**
 * When the resources of one stack exist and their optional properties are there: as far as the
 * template's conditions are known (`existence`, `presence`), and as formulas over them for what they
 * leave open (`existsWhen`, `presentWhen`, `activeWhen`, `branches`: `condition-formulas.ts`), to tell
 * resources that never exist together.
 */
export class ResourceConditions {
  private readonly formulas: ConditionFormulas;

  constructor(
    private readonly evaluator: TemplateEvaluator,
    /** Prefix of model ids, unique within the unit (a condition's atoms are per stack). */
    private readonly idPrefix: string,
    /** Why this whole stack may not exist (its nested stack resource has an unknown `Condition`). */
    private readonly existenceUnknown: string | undefined,
    /** When this whole stack exists, as a formula over its parent's conditions. */
    private readonly stackExistsWhen: Condition,
    /** The loop of unknown collection whose copies a resource stands for, if it does (`expand-for-each.ts`). */
    private readonly placeholderOf: (resource: MapEntry) => UnknownLoop | undefined = () => undefined,
    /** The unit's budget for deciding conditions (`conditionSteps`), which reports where it runs out at `node`. */
    private readonly work: (node: TemplateNode) => ConditionWork | undefined = () => undefined,
  ) {
    this.formulas = evaluator.formulas;
  }

  /** Whether the resource exists: its `Condition`, and whether this stack itself exists. */
  existence(resource: MapEntry): Truth {
    const condition = child(resource.value, 'Condition');
    const own: Truth = condition === undefined ? true : this.decided(condition, this.evaluator.conditions.resourceCondition(condition));
    if (own === false) return false;
    const reasons = [this.existenceUnknown, this.placeholderOf(resource)?.reason, own instanceof Unknown ? own.reason : undefined];
    const known = reasons.filter((r): r is string => r !== undefined);
    return known.length > 0 ? new Unknown(known.join('; ')) : true;
  }

  /**
   * A resource `Condition` whose truth waits for values, decided where its formula is: one that holds
   * whatever they are (`!Or [!Condition IsProd, !Not [!Condition IsProd]]`, or `!Or [IsDev, IsProd]`
   * over a parameter's `AllowedValues: [dev, prod]`) is true, as CloudFormation evaluates every
   * condition to true or false
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html),
   * where it compares only parameter and pseudo parameter values (`decidedByValues`: a missing mapping
   * entry or list element stops the deployment instead); one that never holds is false.
   */
  private decided(condition: TemplateNode, truth: Truth): Truth {
    if (!(truth instanceof Unknown)) return truth;
    const formula = this.formulas.resourceCondition(condition);
    const work = this.work(condition);
    if (neverHolds(formula, work)) return false;
    return alwaysHolds(formula, work) && decidedByValues(formula) ? true : truth;
  }

  /**
   * When the resource exists, as a formula (`condition-formulas.ts`): its `Condition`, and when this
   * stack exists. Asked where `existence` is unknown, to tell resources that never exist together.
   */
  existsWhen(resource: MapEntry): Condition {
    const condition = child(resource.value, 'Condition');
    const own = and(this.stackExistsWhen, condition === undefined ? TRUE : this.formulas.resourceCondition(condition));
    // The copies of one loop exist together: when its collection has an item.
    const loop = this.placeholderOf(resource);
    return loop === undefined ? own : and({ kind: 'atom', key: `${this.idPrefix}${loop.key}\0items` }, own);
  }

  /**
   * When a key is active, as a formula: its `Status` (omitted: `Active`) is neither `Inactive` nor
   * `Expired`, which also counts a status CloudFormation does not document as possibly active.
   */
  activeWhen(status: TemplateNode | undefined): Condition {
    return status === undefined ? TRUE : this.formulas.noneOf(status, INACTIVE_STATUSES);
  }

  /** The values of a property written through `Fn::If`, with when each is the value (`condition-formulas.ts`). */
  branches(node: TemplateNode): { readonly when: Condition; readonly value: TemplateValue }[] {
    return this.formulas.branches(node);
  }

  /** Whether an optional property written through `Fn::If` under undecided conditions is there in every deployment. */
  alwaysPresent(node: TemplateNode): boolean {
    return alwaysHolds(this.presentWhen(node), this.work(node));
  }

  /**
   * The one string a value written through `Fn::If` under an undecided condition is whichever branch
   * the condition picks, `AWS::NoValue` standing for `leftOut` (what leaving the value out gives, if
   * anything); undefined where the branches differ or one is not a known string.
   */
  agreeingString(node: TemplateNode, leftOut: string | undefined): string | undefined {
    const values = this.formulas.branches(node).map(({ value }) => (value === NO_VALUE ? leftOut : value));
    const [first] = values;
    return values.length > 1 && typeof first === 'string' && values.every((value) => value === first) ? first : undefined;
  }

  /**
   * When an optional property is there, as a formula: what `presence` decides, through `Fn::If`
   * under conditions it cannot decide (`Fn::If [C, value, AWS::NoValue]` is there when C holds).
   */
  presentWhen(node: TemplateNode | undefined): Condition {
    const presence = this.presence(node);
    if (!(presence instanceof Unknown)) return { kind: 'constant', value: presence !== 'absent' };
    const call = node ? intrinsicCall(node) : undefined;
    const [nameNode, whenTrue, whenFalse] = call?.name === 'Fn::If' && call.arg.kind === 'seq' ? call.arg.items : [];
    const name = scalarString(nameNode);
    if (name === undefined) return { kind: 'atom', key: `presence:${this.idPrefix}\0${JSON.stringify(node?.range)}` };
    const condition = this.formulas.condition(name);
    return or(and(condition, this.presentWhen(whenTrue)), and(not(condition), this.presentWhen(whenFalse)));
  }

  /**
   * Whether an optional property is there, looking through `Fn::If` (whose branch may be
   * `Ref: AWS::NoValue`, removing the property).
   */
  presence(node: TemplateNode | undefined): { readonly node: TemplateNode } | 'absent' | Unknown {
    if (!node) return 'absent';
    if (node.kind === 'scalar' && node.value === null) return 'absent';
    if (node.kind === 'map' && node.entries.length === 1) {
      const only = node.entries[0];
      if (only?.key === 'Ref' && scalarString(only.value) === 'AWS::NoValue') return 'absent';
      if (only?.key === 'Fn::If' && only.value.kind === 'seq') {
        const [nameNode, whenTrue, whenFalse] = only.value.items;
        const name = scalarString(nameNode);
        if (name === undefined) return new Unknown('Fn::If needs a condition name');
        const truth = this.evaluator.conditions.condition(name);
        if (!(truth instanceof Unknown)) return this.presence(truth ? whenTrue : whenFalse);
        // Left out whichever branch the condition picks: the property is absent in every deployment.
        return this.presence(whenTrue) === 'absent' && this.presence(whenFalse) === 'absent' ? 'absent' : truth;
      }
    }
    return { node };
  }
}
