import type { SourceLocation } from './location.js';

/**
 * A problem a loader or the scanner met that is not a rule finding. Loaders return these as values;
 * they never throw past the engine.
 *
 * - `parse-error`: a file could not be analysed (syntax error, invalid UTF-8, too large, parser crash
 *   or timeout, unreadable). Reported as a result with ruleId `parse-error`; makes the scan incomplete.
 * - `note`: something skipped on purpose that a user may want to know (a remote module without
 *   `.terraform/modules/modules.json`, a symlink leading outside the repository). Never fails the run.
 */
export interface Diagnostic {
  readonly kind: 'parse-error' | 'note';
  readonly message: string;
  readonly location: SourceLocation;
  /** For an internal error (`internal-error.ts`): the JavaScript stack, printed by the CLI with `--debug` only. */
  readonly stack?: string;
}

export function parseError(location: SourceLocation, message: string): Diagnostic {
  return { kind: 'parse-error', message, location };
}

export function note(location: SourceLocation, message: string): Diagnostic {
  return { kind: 'note', message, location };
}
