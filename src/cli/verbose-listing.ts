import path from 'node:path';
import type { FileDecision, ScanObserver } from '../core/scan-observer.js';
import { neutraliseInline } from '../reporters/neutralise-text.js';

/**
 * `--verbose` (and `--debug`): what the scan did, on standard error so that reports on standard
 * output stay machine-readable: each file analysed or skipped with the reason, and each phase's time.
 */
export function verboseListing(write: (line: string) => void, cwd: string): ScanObserver {
  const shown = (file: string): string => neutraliseInline(path.relative(cwd, file).split(path.sep).join('/') || '.');
  return {
    phaseEnded(phase, milliseconds) {
      write(`credlint: phase ${phase}: ${milliseconds.toFixed(0)} ms`);
    },
    filesDecided(decisions: readonly FileDecision[]) {
      const analysed = decisions.filter((d) => d.analysed);
      write(`credlint: ${analysed.length} ${analysed.length === 1 ? 'file' : 'files'} analysed, ${decisions.length - analysed.length} skipped`);
      for (const decision of decisions) {
        write(
          decision.analysed
            ? `credlint: analysed ${shown(decision.file)}`
            : `credlint: skipped ${shown(decision.file)} (${decision.reason ?? 'no reason given'})`,
        );
      }
    },
  };
}

/** Several observers as one. */
export function observers(...list: readonly (ScanObserver | undefined)[]): ScanObserver {
  const present = list.filter((o): o is ScanObserver => o !== undefined);
  return {
    progress: (counts) => {
      for (const o of present) o.progress?.(counts);
    },
    phaseEnded: (phase, ms) => {
      for (const o of present) o.phaseEnded?.(phase, ms);
    },
    filesDecided: (decisions) => {
      for (const o of present) o.filesDecided?.(decisions);
    },
  };
}
