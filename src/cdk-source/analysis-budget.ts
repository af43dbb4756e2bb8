import type * as ts from 'typescript';
import { Deadline } from '../core/deadline.js';
import type { LimitName, Limits } from '../core/limits.js';

/** Steps between two looks at the clock: reading it costs more than a step. */
const CLOCK_STEPS = 256;

/** The budgets of one CDK app (or one file linted by ESLint) that the walk and the evaluator spend from. */
export type CdkBudgetName = Extract<LimitName, 'loopIterations' | 'constructInstances' | 'walkSteps'>;

/** Where a budget ran out first: the construct the analysis stopped at. */
export interface ExhaustedBudget {
  readonly name: CdkBudgetName;
  readonly node: ts.Node;
}

/**
 * What the analysis of one unit may still spend (docs/security.md). Loops, calls and evaluation
 * repeat the same syntax, so a 1 KB file can ask for a billion steps (three nested loops of 1000);
 * every repetition spends from here, and what is left undone when a budget runs out is reported
 * (`exhausted`) and treated as unknown, never as absent.
 */
export class AnalysisBudget {
  private iterations: number;
  private instances: number;
  private steps: number;
  private readonly ranOut = new Map<CdkBudgetName, ts.Node>();
  private sinceClock = 0;

  /**
   * Whether the scan deadline passed during the analysis: its steps were then taken as spent, so
   * what was not analysed is handled as when `walkSteps` runs out, and reported as `scanSeconds`.
   */
  deadlinePassed = false;

  /**
   * `sourceCharacters`: walking each file once costs about a step per two characters, and is always
   * allowed, so the steps grow with the project: 4,000 chained files took 8 s with `scanSeconds=3`,
   * the deadline read only between apps. The clock is read every `CLOCK_STEPS` steps.
   */
  constructor(
    readonly limits: Limits,
    sourceCharacters: number,
    private readonly deadline: Deadline = Deadline.NONE,
  ) {
    this.iterations = limits.loopIterations;
    this.instances = limits.constructInstances;
    this.steps = limits.walkSteps + Math.ceil(sourceCharacters / 2);
  }

  /** Spends `count` steps at `node`; false when the steps have run out (and from then on), or the deadline passed. */
  step(node: ts.Node, count = 1): boolean {
    this.steps -= count;
    this.sinceClock += count;
    if (this.sinceClock >= CLOCK_STEPS) {
      this.sinceClock = 0;
      if (this.steps >= 0 && this.deadline.expired()) {
        this.deadlinePassed = true;
        this.steps = -1;
      }
    }
    if (this.steps >= 0) return true;
    this.exhaust('walkSteps', node);
    return false;
  }

  /** Whether steps are left, without spending one. */
  get stepsLeft(): boolean {
    return this.steps >= 0;
  }

  /** Spends one loop iteration of `loop`; false when none is left. */
  iteration(loop: ts.Node): boolean {
    if (this.iterations <= 0) {
      this.exhaust('loopIterations', loop);
      return false;
    }
    this.iterations -= 1;
    return true;
  }

  /** Spends one construct instance created at `node`; false when none is left. */
  instance(node: ts.Node): boolean {
    if (this.instances <= 0) {
      this.exhaust('constructInstances', node);
      return false;
    }
    this.instances -= 1;
    return true;
  }

  /**
   * Runs `run` with `steps` steps of its own, whatever is left: the last look at the syntax after the
   * budget ran out (which `new` expressions create IAM constructs) must still tell them apart.
   */
  withAllowance<T>(steps: number, run: () => T): T {
    const saved = this.steps;
    this.steps = steps;
    try {
      return run();
    } finally {
      this.steps = saved;
    }
  }

  /**
   * Runs `run` on what is left, or, once the steps have run out, with `steps` of its own: each
   * construct the walk found is still modelled (its user, status, address) within a small, fixed
   * allowance, so that 2,000 keys found for one user before the budget ran out still make a finding.
   */
  grace<T>(steps: number, run: () => T): T {
    return this.steps >= 0 ? run() : this.withAllowance(steps, run);
  }

  /**
   * The first expression the evaluator did not evaluate because it lies deeper than it goes: the value
   * is unknown, and the analysis incomplete (a finding may depend on it), as when a budget runs out.
   */
  tooDeep: ts.Node | undefined;

  /**
   * The first loop (or iterating call) whose iterations are known but more than credlint expands in one
   * loop (`MAX_ITERATIONS`): it is walked once, what it creates of unknown existence, and the analysis
   * is incomplete. A `for (let i = 0; i < 1001; i++)` creating a user with a password and a key was
   * otherwise no finding and exit 0.
   */
  tooManyIterations: ts.Node | undefined;

  /** Records that `loop` iterates more often than credlint expands one loop (the first such loop is kept). */
  loopTooLong(loop: ts.Node): void {
    this.tooManyIterations ??= loop;
  }

  /**
   * The first place where a value credlint cut off at a size limit (`UnknownValue.cutOff`: a string
   * past `MAX_STRING`, a split or collection past `MAX_ITERATIONS`) decides which IAM constructs are
   * created: a loop over it, a condition, a construct's user name, password, user or status. The
   * value is unknown and the analysis incomplete: `for (const id of 'x'.repeat(1001).split(''))`
   * creating a user with a password and a key was otherwise no finding and exit 0.
   */
  cutOff: { readonly node: ts.Node; readonly reason: string } | undefined;

  /** Records that a value cut off at a size limit (`reason` says which) decides what `node` creates (the first is kept). */
  valueCutOff(node: ts.Node, reason: string): void {
    this.cutOff ??= { node, reason };
  }

  /**
   * The first project class whose chain of project base classes credlint stopped following at
   * `MAX_BASES` (`class-hierarchy.ts`): whether its instances are IAM constructs, and what the
   * constructors of the bases not followed create, is unknown, and the analysis incomplete. A user
   * class 21 levels below `iam.User` whose constructors each created an access key was no finding and
   * exit 0.
   */
  deepClass: ts.ClassLikeDeclaration | undefined;

  /** Records that the bases of `cls` were followed no further than `MAX_BASES` (the first such class is kept). */
  classTooDeep(cls: ts.ClassLikeDeclaration): void {
    this.deepClass ??= cls;
  }

  /** Records that `node` was nested too deeply to evaluate (the first such node is kept). */
  nestedTooDeeply(node: ts.Node): void {
    this.tooDeep ??= node;
  }

  /** Each budget that ran out, at the first node it ran out at. */
  exhausted(): ExhaustedBudget[] {
    return [...this.ranOut].map(([name, node]) => ({ name, node }));
  }

  isExhausted(name: CdkBudgetName): boolean {
    return this.ranOut.has(name);
  }

  private exhaust(name: CdkBudgetName, node: ts.Node): void {
    if (!this.ranOut.has(name)) this.ranOut.set(name, node);
  }
}
