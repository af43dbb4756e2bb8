import type { ConditionWork } from '../core/exclusive-conditions.js';
import type { ConstraintHooks } from './parameter-constraints.js';
import type { TemplateNode } from './template-node.js';
import type { TemplateValue } from './template-values.js';

/** What the evaluator asks of the stack it evaluates in: resources are the builder's business. */
export interface ResourceHooks extends ConstraintHooks {
  /** A condition of the `Conditions` section (including those `Fn::ForEach` generates). */
  conditionDefinition(name: string): TemplateNode | undefined;
  /** A resource declared in this template (including those `Fn::ForEach` generates). */
  resource(logicalId: string): { readonly value: TemplateNode } | undefined;
  /** `Ref` of a resource declared in this template (`Ref` of an `AWS::IAM::User` is its name). */
  ref(logicalId: string, type: string): TemplateValue;
  /** `Fn::GetAtt` of a resource declared in this template (nested stack outputs). */
  getAtt(logicalId: string, type: string, attribute: string): TemplateValue;
  /** The value another stack of the same unit exports under this name, if one does. */
  importValue(exportName: string): TemplateValue | undefined;
  /**
   * Unique per stack instance of the unit: a parameter or pseudo parameter without a value has one
   * value in one stack, not across stacks (`core/symbolic-value.ts`).
   */
  readonly idPrefix: string;
  /**
   * Shared by a root stack of the unit and its nested stacks, which CloudFormation creates in the
   * root's account and Region: where an export name means one export (`Fn::ImportValue`).
   */
  readonly deploymentPrefix: string;
  /** Counts characters or list elements built in the unit; false once `unitValueSize` has run out. */
  spendBuilt(amount: number): boolean;
  /** Spends from the unit's `conditionSteps` for work on conditions at `node`, where running out is reported. */
  conditionWork(node: TemplateNode): ConditionWork;
}
