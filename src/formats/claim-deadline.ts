/**
 * The scan deadline (`scanSeconds`) inside the claims. Every claim reads files before anything is
 * loaded: the data files, to pick their format; Terraform's module directories, to find those that can
 * declare an access key; the TypeScript files, to find the CDK projects. A file at the size limit
 * takes up to a second there, so each step asks this before each file (or directory): past the
 * deadline it reads no more, and one `parse-error` at the first one left counts them.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { limitReached } from '../core/limits.js';
import { FILE_START } from '../core/location.js';
import { yieldEvery } from './data-files.js';
import type { LoadOptions } from './load-options.js';

/** `--verbose`'s reason for a file a claim step did not read because the deadline had passed. */
export const DEADLINE_REASON = 'not read: the scan deadline passed before it was';

/** `--verbose`'s reason for a file a claim step took as an input before the deadline stopped it (`claimDeadlinePassed`). */
export const FOUND_AT_DEADLINE_REASON = 'not analysed: the scan deadline passed while the files were read to pick their format';

/** One step of a claim, as its deadline `parse-error` names it. */
export interface ClaimStep {
  /** What the step was doing, after "while": `the data files were read to pick their format`. */
  readonly doing: string;
  readonly one: string;
  readonly many: string;
}

export const PICKING_DATA_FORMATS: ClaimStep = { doing: 'the data files were read to pick their format', one: 'data file', many: 'data files' };

/** What a claim step had already found when the deadline stopped it: `count` inputs, named `one`/`many`. */
export interface FoundBeforeDeadline {
  readonly count: number;
  readonly one: string;
  readonly many: string;
}

/**
 * Called before the `turn`-th file or directory of `step`: lets the event loop turn now and then (the
 * deadline's timer, progress) and, once the deadline has passed, returns the `parse-error` at the first
 * of `left()` (what the step has not read, this one first), a file or a directory.
 *
 * A step that stops loads nothing, not even the inputs it found before (`found()`): loading starts
 * after every claim, past the deadline, so their loader would only report them not analysed in a
 * second `scanSeconds` error. This one error counts them instead: one per format, as the loaders give.
 */
export async function claimDeadlinePassed(
  options: Pick<LoadOptions, 'deadline' | 'limits'>,
  turn: number,
  step: ClaimStep,
  left: () => readonly string[],
  found?: () => FoundBeforeDeadline,
): Promise<Diagnostic | undefined> {
  await yieldEvery(turn);
  if (options.deadline?.expired() !== true) return undefined;
  const rest = left();
  const first = rest[0];
  if (first === undefined) return undefined;
  const count = rest.length === 1 ? `this ${step.one} was not read` : `${String(rest.length)} ${step.many} were not read, this one first`;
  const before = found?.();
  const foundToo =
    before === undefined || before.count === 0
      ? ''
      : before.count === 1
        ? `, and the ${before.one} found before it was not analysed`
        : `, and the ${String(before.count)} ${before.many} found before it were not analysed`;
  return limitReached({ file: first, range: FILE_START }, 'scanSeconds', options.limits, `the scan deadline passed while ${step.doing}; ${count}${foundToo}`);
}
