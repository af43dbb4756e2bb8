import type { ScanObserver, ScanProgress } from '../core/scan-observer.js';

/** What the progress line writes to: standard error, or a fake one in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export interface ProgressOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long a scan runs before the line appears (a quick scan, the pre-commit case, shows none). */
  readonly delayMs?: number;
  /** Least time between two redraws. */
  readonly intervalMs?: number;
}

export interface Progress {
  readonly observer: ScanObserver;
  /** Stops redrawing and erases the line, before anything else is written. */
  stop(): void;
}

/** `CI` is set by GitHub Actions, GitLab CI, CircleCI, Travis, Buildkite and most others. */
function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

const ERASE_LINE = '\r\u001b[2K';

/**
 * A one-line progress report on standard error (files read, units analysed), redrawn in place, for a
 * scan that runs longer than a second, only when standard error is a terminal and not in CI: a pipe, a
 * log file or a CI log never receives it, and reports on standard output are never touched.
 * Undefined when no line may be shown.
 */
export function startProgress(stream: ProgressStream, options: ProgressOptions): Progress | undefined {
  if (stream.isTTY !== true || inCi(options.env) || options.env['TERM'] === 'dumb') return undefined;
  const intervalMs = options.intervalMs ?? 200;
  let counts: ScanProgress = { filesFound: 0, filesRead: 0, unitsAnalysed: 0 };
  let shown = false;
  let stopped = false;
  let lastDraw = 0;
  const draw = (): void => {
    shown = true;
    lastDraw = Date.now();
    stream.write(`${ERASE_LINE}credlint: ${counts.filesRead} of ${counts.filesFound} files read, ${counts.unitsAnalysed} units analysed`);
  };
  let interval: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    if (stopped) return;
    draw();
    interval = setInterval(draw, intervalMs);
    interval.unref();
  }, options.delayMs ?? 1000);
  delay.unref();
  return {
    observer: {
      progress(update) {
        counts = update;
        // Timers do not fire while a loader holds the main thread; a step that completes redraws.
        if (shown && !stopped && Date.now() - lastDraw >= intervalMs) draw();
      },
    },
    stop() {
      stopped = true;
      clearTimeout(delay);
      if (interval !== undefined) clearInterval(interval);
      if (shown) stream.write(ERASE_LINE);
    },
  };
}
