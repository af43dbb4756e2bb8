import type { ScanObserver } from '../core/scan-observer.js';
import { ownRequire } from '../core/own-module.cjs';

/**
 * How far the CLI lets V8's heap grow in a large scan (README, "Performance"). After each full
 * collection V8 sets the next one's threshold at the surviving heap times a growing factor, which it
 * raises up to 4× for a program that allocates fast and collects quickly — a scan that parses
 * thousands of files one after another. The scan keeps little alive (each unit is released once
 * checked: about 40–65 MB survive a collection on the 25,000-file performance corpus without the
 * prefilter), yet its heap then climbed to 250–430 MB between collections, and the peak memory of
 * identical runs differed by half. V8's `--heap-growing-percent` fixes the factor (100: the heap
 * may double what survived); the collections come more often and each has less to sweep, for the
 * same CPU time in that scan (docs/performance.md).
 *
 * Only the CLI sets it, and only once a scan has found `LARGE_SCAN_FILES` files, so a pre-commit run
 * does not pay for loading `node:v8`: V8 flags are the whole process's, and the library API and the
 * ESLint plugin run in someone else's. A growing factor given to Node itself is left as it is.
 */
export const LARGE_SCAN_FILES = 2000;
const GROWING_PERCENT = 100;

type SetFlags = (flags: string) => void;

const setV8Flags: SetFlags = (flags) => {
  (ownRequire('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
};

/** Fixes V8's heap growing factor for the rest of the process, unless Node was started with one. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: SetFlags = setV8Flags): void {
  if (execArgv.some((flag) => /^--heap[-_]growing[-_]percent(?:=|$)/.test(flag))) return;
  setFlags(`--heap-growing-percent=${String(GROWING_PERCENT)}`);
}

/** An observer that bounds the heap's growth once the walk has found a large repository's worth of files. */
export function heapGrowthObserver(execArgv: readonly string[] = process.execArgv, setFlags: SetFlags = setV8Flags): ScanObserver {
  let bounded = false;
  return {
    progress(counts) {
      if (bounded || counts.filesFound < LARGE_SCAN_FILES) return;
      bounded = true;
      boundHeapGrowth(execArgv, setFlags);
    },
  };
}
