import type { Diagnostic } from './diagnostic.js';
import { limitReached, limitReachedAlso, type Limits } from './limits.js';
import type { SourceLocation } from './location.js';

/**
 * Milliseconds on a monotonic clock, for deadlines and phase timings. Not `performance.now()`: its
 * first use loads Node's `perf_hooks` (a dozen internal modules, a few milliseconds of every one-file
 * run; README, "Performance").
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * The scan-wide deadline (`scanSeconds` in `limits.ts`): a point in time after which the scan starts
 * no new work. Every budget in `limits.ts` bounds one construct; this one bounds their sum, so that a
 * repository of many inputs, each within its own budgets, still ends in bounded time.
 *
 * Loaders check `expired()` between files and units, and evaluators may check it inside long loops
 * (it costs one clock read). Whoever stops reports what was left with `notAnalysedByDeadline`.
 */
export class Deadline {
  private constructor(private readonly at: number) {}

  /** No deadline (direct loader calls in tests, the ESLint plugin). */
  static readonly NONE = new Deadline(Number.POSITIVE_INFINITY);

  /** The deadline `seconds` from now. */
  static after(seconds: number): Deadline {
    return new Deadline(monotonicMs() + seconds * 1000);
  }

  expired(): boolean {
    return monotonicMs() >= this.at;
  }

  /** Milliseconds left (0 once expired, `Infinity` for `NONE`), for timers that wait on it. */
  remainingMs(): number {
    return Math.max(0, this.at - monotonicMs());
  }
}

/**
 * The one `parse-error` a loader reports when the deadline stopped it: at the first input it did not
 * analyse, naming how many were left (one diagnostic per loader, not one per file: a scan stopped early
 * in a large repository must not bury its findings under thousands of identical lines).
 */
export function notAnalysedByDeadline(location: SourceLocation, limits: Limits, count: number, what: string): Diagnostic {
  const left = count === 1 ? `this ${what} was not analysed` : `${count} ${what}s were not analysed, this one first`;
  return limitReached(location, 'scanSeconds', limits, `the scan deadline passed; ${left}`);
}

/**
 * Reports, in a loader's `diagnostics`, that the deadline left `count` `what`s, the first at
 * `location`: where the deadline already stopped this loader (a unit cut off in the middle, a project
 * whose files were not all parsed), that error says it too ("; 3 more CDK apps were not analysed"),
 * so a scan cut off by the deadline gets one `scanSeconds` error per format, never one more per step.
 */
export function reportLeftByDeadline(diagnostics: Diagnostic[], location: SourceLocation, limits: Limits, count: number, what: string): void {
  const more = count === 1 ? `1 more ${what} was not analysed` : `${String(count)} more ${what}s were not analysed`;
  for (const [index, diagnostic] of diagnostics.entries()) {
    const extended = limitReachedAlso(diagnostic, 'scanSeconds', limits, more);
    if (extended === undefined) continue;
    diagnostics[index] = extended;
    return;
  }
  diagnostics.push(notAnalysedByDeadline(location, limits, count, what));
}
