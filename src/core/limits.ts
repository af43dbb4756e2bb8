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
}

export const DEFAULT_LIMITS: Limits = {
  scanSeconds: 300,
  loopIterations: 100_000,
  constructInstances: 2_000,
  walkSteps: 200_000,
  typescriptTokens: 1_000_000,
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
  return parseError(location, `analysis limit reached: ${what} (limit ${name} = ${limits[name]}; raise it with --limit ${name}=N)`);
}
