import type { Diagnostic } from '../core/diagnostic.js';
import type { LimitName, Limits } from '../core/limits.js';
import { limitReached } from '../core/limits.js';
import { Deadline } from '../core/deadline.js';
import type { SourceLocation } from '../core/location.js';

/**
 * What one CloudFormation deployment unit (a template with its nested stacks, a CDK app) may still
 * spend of the budgets in `core/limits.ts` (docs/security.md lists them). Every stack instance of the
 * unit spends from the same budget, so a template nested a thousand times cannot multiply it.
 */
export class UnitBudget {
  private resources = 0;
  private nestedStacks = 0;
  private builtValues = 0;
  private patternSteps = 0;
  private conditionSteps = 0;
  private readonly reported = new Set<LimitName>();

  constructor(
    readonly limits: Limits,
    private readonly report: (diagnostic: Diagnostic) => void,
    private readonly deadline: Deadline = Deadline.NONE,
  ) {}

  /**
   * Whether the scan deadline has passed. The loader reads it between units; a unit whose template
   * is nested hundreds of times (`nestedStacks`) must read it too: 20 instances of one large template
   * ran 57 s past `--limit scanSeconds=10`.
   */
  pastDeadline(): boolean {
    return this.deadline.expired();
  }

  /** Takes up to `wanted` resources of `unitResources`; fewer when it runs out. */
  takeResources(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.limits.unitResources - this.resources));
    this.resources += granted;
    return granted;
  }

  /** One more nested stack instance; false when `nestedStacks` has run out. */
  takeNestedStack(): boolean {
    if (this.nestedStacks >= this.limits.nestedStacks) return false;
    this.nestedStacks += 1;
    return true;
  }

  /** Characters or elements of a built value; false when `unitValueSize` has run out. */
  spendBuilt(amount: number): boolean {
    this.builtValues += amount;
    return this.builtValues <= this.limits.unitValueSize;
  }

  /** Work of one `AllowedPattern` match; false when the unit's share of `regexSteps` has run out. */
  spendPatternMatch(amount: number): boolean {
    if (this.patternSteps + amount > this.limits.regexSteps) return false;
    this.patternSteps += amount;
    return true;
  }

  /**
   * Work of deciding whether a condition always or never holds; false when `conditionSteps` has run out
   * or the scan deadline has passed, which `reached` is told with what is left undecided.
   */
  spendConditionWork(amount: number, reached: (name: LimitName, what: string) => void): boolean {
    if (this.pastDeadline()) {
      reached('scanSeconds', "the scan deadline passed; this condition and the rest of the unit's are left undecided");
      return false;
    }
    if (this.conditionSteps + amount > this.limits.conditionSteps) {
      reached(
        'conditionSteps',
        "working out what the unit's conditions hold took too long; this one and the rest are left undecided, and conditions written differently are no longer seen to be equal",
      );
      return false;
    }
    this.conditionSteps += amount;
    return true;
  }

  /**
   * Reports that `name` ran out at `location` (a `parse-error`), once per unit and limit: the first
   * place is where the analysis became incomplete, and a thousand more would say nothing new.
   */
  exceeded(location: SourceLocation, name: LimitName, what: string): void {
    if (this.reported.has(name)) return;
    this.reported.add(name);
    this.report(limitReached(location, name, this.limits, what));
  }
}
