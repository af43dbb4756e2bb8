/**
 * What one Terraform root module's evaluation may spend (docs/security.md lists the limits): value
 * nodes built, resource and module instances expanded. A pull request nobody vetted can write
 * `concat(local.a, local.a)` forty times or `count = 100000000`; the budget turns such a value into an
 * unknown and remembers which limit ran out, so the module evaluator reports it (a `parse-error` naming
 * the limit) at the block or attribute that was being evaluated, and the rest of the unit is analysed.
 */
import { Deadline } from '../../core/deadline.js';
import { DEFAULT_LIMITS, type LimitName, type Limits } from '../../core/limits.js';
import { EvaluationError, TfSet, Unknown, noteLazy, type TfValue } from './value.js';

/** An unknown produced by a budget: not an evaluation error (`try` does not fall through it), not a guess. */
export class LimitUnknown extends Unknown {
  constructor(
    readonly limit: LimitName,
    readonly what: string,
  ) {
    super(`the analysis limit ${limit} was reached: ${what}`);
  }
}

/** Thrown inside built-in functions that would build more than the budget allows; `callFunction` catches it. */
export class BudgetExceeded extends Error {
  constructor(
    readonly limit: LimitName,
    readonly what: string,
  ) {
    super(what);
  }
}

/**
 * What an evaluation met that the module evaluator reports where the evaluation was located: a limit
 * that ran out, a `.tf.json` string that is not a template (`invalidTemplate`), or a JavaScript limit
 * (`beyondCapacity`).
 */
export type PendingReport =
  | { readonly kind: 'limit'; readonly limit: LimitName; readonly what: string }
  | { readonly kind: 'invalid template' | 'beyond capacity'; readonly what: string };

/** Characters of a string that count as one value node. */
const CHARS_PER_NODE = 16;

/**
 * Sizes of collections already measured. Values are immutable, so a size never changes; caching makes
 * measuring a new collection cost its own elements only, however much it shares with older values.
 */
const SIZES = new WeakMap<object, number>();

/** Deeper values are treated as over any budget rather than measured (nothing real nests this deep). */
const MAX_MEASURED_DEPTH = 1_000;

/**
 * Evaluation steps between two readings of the scan deadline's clock. A step can cost up to a walk of
 * a value as large as `valueNodes` allows (`contains(local.huge, x)`), so the deadline is overrun by at
 * most this many such walks; a clock reading every step would cost the ordinary scan a few percent.
 */
const STEPS_PER_CLOCK_READING = 64;

/**
 * Marks a collection whose attributes are computed on demand (a resource instance, a module's
 * outputs): measuring it must not evaluate it, and what it yields is charged when it is computed.
 */
export function markLazy(value: object): void {
  SIZES.set(value, 1);
  noteLazy(value);
}

export function stringNodes(length: number): number {
  return 1 + Math.floor(length / CHARS_PER_NODE);
}

/** The logical size of a value in nodes (shared parts counted each time), at most `cap + 1`. */
export function valueSize(value: TfValue, cap: number, depth = 0): number {
  if (typeof value === 'string') return stringNodes(value.length);
  if (value === null || typeof value !== 'object' || value instanceof Unknown) return 1;
  const cached = SIZES.get(value);
  if (cached !== undefined) return cached;
  if (depth > MAX_MEASURED_DEPTH) return cap + 1;
  const items: readonly TfValue[] = Array.isArray(value) ? (value as readonly TfValue[]) : value instanceof TfSet ? value.items : Object.values(value);
  let size = 1;
  for (const item of items) {
    size += valueSize(item, cap, depth + 1);
    if (size > cap) return cap + 1;
  }
  SIZES.set(value, size);
  return size;
}

export class EvalBudget {
  private nodesLeft: number;
  private instancesLeft: number;
  private moduleInstancesLeft: number;
  private readonly tripped = new Set<LimitName>();
  private pending: PendingReport[] = [];
  private stepsUntilClock = STEPS_PER_CLOCK_READING;
  private deadlinePassed = false;

  /**
   * `deadline`: the scan's (`scanSeconds`). Every budget above bounds one construct; the deadline bounds
   * their sum inside one root module, where thousands of expressions may each spend a whole
   * `expressionSteps` (a pull request's 400-byte `.tf` file of nested `for`s over `contains` of a long
   * list ran for hours).
   */
  constructor(
    readonly limits: Limits = DEFAULT_LIMITS,
    private readonly deadline: Deadline = Deadline.NONE,
  ) {
    this.nodesLeft = limits.valueNodes;
    this.instancesLeft = limits.instancesPerUnit;
    this.moduleInstancesLeft = limits.moduleInstances;
  }

  /**
   * Records that `limit` ran out and returns the unknown that replaces the value. Only the first trip
   * of each limit is reported: once a budget is spent, later values fail the same way for the same cause.
   */
  trip(limit: LimitName, what: string): LimitUnknown {
    if (!this.tripped.has(limit)) {
      this.tripped.add(limit);
      this.pending.push({ kind: 'limit', limit, what });
    }
    return new LimitUnknown(limit, what);
  }

  /**
   * Called once per evaluation step: true once the scan deadline has passed (read on the clock every
   * `STEPS_PER_CLOCK_READING` steps), and from then on for every step, so that the rest of the root
   * module evaluates to unknowns at once.
   */
  stepPastDeadline(): boolean {
    this.stepsUntilClock -= 1;
    return this.stepsUntilClock <= 0 && this.pastDeadline();
  }

  /** Reads the clock now: for work that is costly on its own (each match of a regular expression). */
  pastDeadline(): boolean {
    this.stepsUntilClock = STEPS_PER_CLOCK_READING;
    if (!this.deadlinePassed && this.deadline.expired()) this.deadlinePassed = true;
    if (this.deadlinePassed) this.stepsUntilClock = 0;
    return this.deadlinePassed;
  }

  /** The unknown that replaces a value left unevaluated at the deadline (reported once, as a limit). */
  deadlineUnknown(): LimitUnknown {
    return this.trip('scanSeconds', 'the scan deadline passed; the evaluation of this root module stopped');
  }

  /** What was met and not yet reported; the caller reports it at the construct it was evaluating. */
  takePending(): PendingReport[] {
    const pending = this.pending;
    this.pending = [];
    return pending;
  }

  /**
   * Records a string that does not parse as a template and returns the unknown that replaces its value.
   * Only a `.tf.json` string can be one (the native parser checked every `.tf` template): Terraform
   * rejects the configuration, so the module evaluator reports it as a `parse-error` where the
   * evaluation was located (`takePending`), not as a failed value alone.
   */
  invalidTemplate(what: string): EvaluationError {
    this.pending.push({ kind: 'invalid template', what });
    return new EvaluationError(what);
  }

  /**
   * Records that evaluating something met a JavaScript limit (a `RangeError`: the call stack, an
   * allocation) where Terraform has none, and returns the unknown that replaces the value. The value
   * is not Terraform's failure but credlint's, so the scan is incomplete: the module evaluator reports
   * it as a `parse-error` where the evaluation was located (`takePending`), as it reports a
   * limit, instead of leaving an unknown that no exit code shows.
   */
  beyondCapacity(what: string): Unknown {
    this.pending.push({ kind: 'beyond capacity', what });
    return new Unknown(what);
  }

  /** Spends the logical size of a value just built; the value itself, or an unknown when it does not fit. */
  chargeValue(value: TfValue): TfValue {
    if (value === null || typeof value === 'number' || typeof value === 'boolean' || value instanceof Unknown) return value;
    const size = valueSize(value, Math.max(0, this.nodesLeft));
    if (size > this.nodesLeft) return this.trip('valueNodes', `a value of more than ${this.limits.valueNodes} nodes`);
    this.nodesLeft -= size;
    return value;
  }

  /** Throws `BudgetExceeded` when `nodes` more could not be built; a function calls it before allocating. */
  reserve(nodes: number, what: string): void {
    if (!(nodes <= this.nodesLeft)) throw new BudgetExceeded('valueNodes', what);
  }

  /** Spends `count` resource instances; false (and a trip) when the unit has no more. */
  spendInstances(count: number, what: string): LimitUnknown | undefined {
    if (count > this.instancesLeft) return this.trip('instancesPerUnit', what);
    this.instancesLeft -= count;
    return undefined;
  }

  spendModuleInstances(count: number, what: string): LimitUnknown | undefined {
    if (count > this.moduleInstancesLeft) return this.trip('moduleInstances', what);
    this.moduleInstancesLeft -= count;
    return undefined;
  }
}

/**
 * The budget of the evaluation in progress, for built-in functions (they take values only). Evaluation
 * is synchronous, so one slot suffices; `withBudget` restores the previous one on the way out.
 */
let active: EvalBudget | undefined;

export function withBudget<T>(budget: EvalBudget, run: () => T): T {
  const previous = active;
  active = budget;
  try {
    return run();
  } finally {
    active = previous;
  }
}

/** The running evaluation's budget (a default one outside any evaluation, as in unit tests). */
export function activeBudget(): EvalBudget {
  return active ?? new EvalBudget();
}

/** For functions: throws `BudgetExceeded` unless a string of `length` characters fits. */
export function reserveString(length: number, what: string): void {
  activeBudget().reserve(stringNodes(length), what);
}

export function reserveNodes(nodes: number, what: string): void {
  activeBudget().reserve(nodes, what);
}
