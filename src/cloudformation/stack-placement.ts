import type { Condition } from '../core/exclusive-conditions.js';
import type { SourceLocation } from '../core/location.js';
import type { TemplateDocument } from './template-node.js';
import type { TemplateValue } from './template-values.js';

/** Which stack an instance is: its template, where it sits in the unit, and the parameter values it was given. */
export interface StackPlacement {
  readonly document: TemplateDocument;
  /** Prefix of model ids (`''`, `Resources.Child.`), unique within the unit. */
  readonly idPrefix: string;
  /** Prefix of user-facing addresses (`''`, `Child/`). */
  readonly addressPrefix: string;
  /** The `idPrefix` of the root stack: a nested stack is deployed in its root's account and Region. */
  readonly deploymentPrefix: string;
  /** Parameter values by name, and who supplied them, for messages (`--parameter`, `nested stack Child`). */
  readonly supplied: ReadonlyMap<string, TemplateValue>;
  readonly suppliedBy: string;
  /** Why this whole stack may not exist (its nested stack resource has an unknown `Condition`). */
  readonly existenceUnknown: string | undefined;
  /** When this whole stack exists, as a formula over its parent's conditions (`condition-formulas.ts`). */
  readonly existsWhen: Condition;
  /** The nested stack resources that lead here, innermost first (suppression anchors). */
  readonly enclosing: readonly SourceLocation[];
  /** Real paths of the templates of the enclosing stacks, outermost first. */
  readonly ancestry: readonly string[];
  /** Stack sets whose inline template is analysed as a unit of its own (a root template's: `StackRoot`). */
  readonly inlineStackSets?: ReadonlySet<string>;
}
