import type { Diagnostic } from './diagnostic.js';
import { parseError } from './diagnostic.js';
import type { SourceLocation } from './location.js';

/**
 * Budgets on everything an untrusted input can make grow. A scan of a pull request nobody vetted
 * must end in seconds and bounded memory whatever the files hold, so every evaluator spends from one
 * of these and, when it runs out, gives up on that value (it becomes unknown) and reports a
 * `parse-error` through `limitReached`: the scan was incomplete (exit 2), and every other finding
 * survives.
 *
 * Limits are set only by whoever runs credlint (`--limit name=value`, the `limits` API option), never
 * by a file in the scanned repository: a pull request must not be able to lift them.
 * docs/security.md lists each one with its default.
 */
export interface Limits {
  /** Wall-clock seconds for the whole scan; past it, what is not yet analysed is reported incomplete. */
  readonly scanSeconds: number;
  /**
   * Directory levels below a scanned path that the walk descends. Ignore patterns are matched against
   * whole paths, so a tree thousands of levels deep would make each match slow; real repositories nest
   * a few dozen levels.
   */
  readonly directoryDepth: number;
  /**
   * Rule findings one scan keeps for its report (each costs some two kilobytes until the report is
   * written): a few hundred bytes of Terraform can make 10,000 (`count = 10000`), and a pull request
   * of many such directories millions. A real repository has a handful.
   */
  readonly findings: number;
  /**
   * Instances one Terraform `count`/`for_each` may create (a resource, data source or module call).
   * IAM configurations create a handful per block; 10,000 is far beyond any real one.
   */
  readonly instancesPerBlock: number;
  /** Resource and data-source instances expanded in one Terraform root module with everything it calls. */
  readonly instancesPerUnit: number;
  /**
   * Module instances (every call, every `count`/`for_each` instance of it, at every depth) in one
   * Terraform root module: bounds module fan-out such as 32 directories each calling the next twice.
   */
  readonly moduleInstances: number;
  /**
   * Value nodes one Terraform root module's evaluation may build: each list element, map attribute and
   * set element counts one, and every 16 characters of a string one more. Shared parts count each time
   * they appear, so any value that exists can also be walked within this budget.
   */
  readonly valueNodes: number;
  /** Evaluation steps (expression nodes and loop iterations) of one Terraform expression. */
  readonly expressionSteps: number;
  /**
   * Work of one Terraform regular expression search: compiled program size times input length. The
   * matching is linear-time (RE2), so this bounds the time of each search of regex(), regexall() and
   * replace(/re/); the last two search once per match, and their sum is bounded by `scanSeconds`.
   * A CloudFormation `AllowedPattern` is read only where matching one candidate in every case mix fits,
   * and the `AllowedPattern` matches of one deployment unit spend at most this much together.
   */
  readonly regexSteps: number;
  /**
   * Work of deciding whether CloudFormation conditions always or never hold (a resource `Condition`, a
   * `LoginProfile` under `Fn::If`) in one deployment unit: assignments of the values compared, times
   * the nodes each evaluates; also of writing out what an undecided `Fn::If`'s condition computes
   * (`core/condition-key.ts`: its nodes and the characters it compares). One decision costs at most ~260,000; a real template's take tens each,
   * but a template nested a thousand times asks again in every stack instance.
   */
  readonly conditionSteps: number;
  /**
   * CloudFormation conditions named through one another (`C2: !Not [!Condition C1]`, and so on) that
   * one decision follows: each is evaluated inside the one naming it, so a template of 20,000 such
   * conditions ran past the JavaScript stack and lost the whole file to an internal error.
   */
  readonly conditionDepth: number;
  /**
   * Structural nodes of one JSON or YAML file (templates, plans, `.tf.json`), counted by a cheap scan
   * of the text before any tree is built, and again as `Fn::ForEach` copies its body. A 1 MB template
   * (the most CloudFormation accepts, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html)
   * has at most ~500,000; real templates and plans have a few thousand.
   */
  readonly parseNodes: number;
  /**
   * Nodes produced by expanding YAML aliases in one document. CloudFormation does not accept aliases
   * at all; a few small anchors reused often stay far below this, a big anchor aliased many times does not.
   */
  readonly yamlAliasNodes: number;
  /**
   * Resources of one stack instance after `Fn::ForEach` expansion. CloudFormation allows 500 per
   * stack (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
   */
  readonly templateResources: number;
  /** Resources of every stack instance of one deployment unit together (a template with its nested stacks, a CDK app). */
  readonly unitResources: number;
  /**
   * Nested stack instances in one deployment unit (the same template nested twice is two instances).
   * Each stack may hold at most 500 resources, nested stacks included; real apps have a few dozen.
   */
  readonly nestedStacks: number;
  /** Depth of nested stacks (a stack within a stack within ...); real apps nest two or three levels. */
  readonly nestedStackDepth: number;
  /**
   * Size of one evaluated CloudFormation value: characters of a string, elements of a list (what
   * `Fn::Join`, `Fn::Split`, `Fn::Sub` and `Fn::ForEach` build). A whole template is at most 1 MB.
   */
  readonly valueSize: number;
  /**
   * Characters and list elements built by `Fn::Join`, `Fn::Sub` and `Fn::Split` in one deployment
   * unit together: many values each within `valueSize` must not add up to gigabytes.
   */
  readonly unitValueSize: number;
  /**
   * Steps of following `configuration` references through module calls in one plan (each reference,
   * variable and module output looked at once; results are remembered). Real plans take a few per key.
   */
  readonly planReferenceSteps: number;
  /**
   * Loop iterations expanded in one CDK app (or one file linted by ESLint), nested loops multiplied:
   * a real app loops over tens of users, not 100,000 times.
   */
  readonly loopIterations: number;
  /** IAM construct instances (`new User`, `new AccessKey`, ...) in one CDK app or linted file: real apps declare tens to hundreds. */
  readonly constructInstances: number;
  /**
   * Steps (syntax nodes walked, expressions evaluated) spent on one CDK app or linted file beyond one
   * per two characters of its source: walking each file once always fits; loops and calls that repeat
   * code spend the rest, and a real app's repetition takes a few thousand. Sized so that the ESLint
   * rules answer within a second on a hostile file.
   */
  readonly walkSteps: number;
  /** Tokens in one TypeScript file, counted before parsing it (about 150 bytes of memory each once parsed). */
  readonly typescriptTokens: number;
  /**
   * Files the CDK source projects of one scan read from outside their own directories (a monorepo's
   * shared code), all projects together, a file imported by two projects counting twice: each project
   * reads and analyses what it imports, so 1,500 `cdk.json` apps importing the same 500 files cost
   * 750,000 reads and parses (minutes) in a pull request of a few thousand small files. Real monorepos
   * read a few thousand.
   */
  readonly cdkImportedFiles: number;
}

export const DEFAULT_LIMITS: Limits = {
  scanSeconds: 300,
  directoryDepth: 128,
  findings: 100_000,
  instancesPerBlock: 10_000,
  instancesPerUnit: 100_000,
  moduleInstances: 10_000,
  valueNodes: 4_000_000,
  expressionSteps: 300_000,
  regexSteps: 100_000_000,
  conditionSteps: 20_000_000,
  conditionDepth: 256,
  parseNodes: 500_000,
  yamlAliasNodes: 50_000,
  templateResources: 10_000,
  unitResources: 100_000,
  nestedStacks: 1_000,
  nestedStackDepth: 32,
  valueSize: 1_048_576,
  unitValueSize: 67_108_864,
  planReferenceSteps: 100_000,
  loopIterations: 100_000,
  constructInstances: 2_000,
  walkSteps: 200_000,
  typescriptTokens: 1_000_000,
  cdkImportedFiles: 20_000,
};

export type LimitName = keyof Limits;

export const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as LimitName[];

export function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(DEFAULT_LIMITS, name);
}

/** The defaults with `overrides` applied (each a positive whole number). */
export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/**
 * The diagnostic for a budget that ran out at `location`: a `parse-error`, because the analysis of
 * what is there is incomplete. The message names the limit and how to raise it.
 */
export function limitReached(location: SourceLocation, name: LimitName, limits: Limits, what: string): Diagnostic {
  return parseError(location, `${LIMIT_REACHED}${what}${howToRaise(name, limits)}`);
}

const LIMIT_REACHED = 'analysis limit reached: ';

function howToRaise(name: LimitName, limits: Limits): string {
  return ` (limit ${name} = ${String(limits[name])}; raise it with --limit ${name}=N)`;
}

/**
 * `diagnostic`, made by `limitReached` for `name`, saying `more` too (after what it said, before the
 * limit); undefined when it was not made so.
 */
export function limitReachedAlso(diagnostic: Diagnostic, name: LimitName, limits: Limits, more: string): Diagnostic | undefined {
  const { message } = diagnostic;
  const tail = howToRaise(name, limits);
  if (diagnostic.kind !== 'parse-error' || !message.startsWith(LIMIT_REACHED) || !message.endsWith(tail)) return undefined;
  return limitReached(diagnostic.location, name, limits, `${message.slice(LIMIT_REACHED.length, -tail.length)}; ${more}`);
}
