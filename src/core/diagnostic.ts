import { cutMiddle } from './cut-middle.js';
import { startKey, type SourceLocation } from './location.js';

/**
 * A problem a loader or the scanner met that is not a rule finding. Loaders return these as values;
 * they never throw past the engine.
 *
 * - `parse-error`: a file could not be analysed (syntax error, invalid UTF-8, too large, parser crash
 *   or timeout, unreadable). Reported as a result with ruleId `parse-error`; makes the scan incomplete.
 * - `note`: something skipped on purpose that a user may want to know (a remote module without
 *   `.terraform/modules/modules.json`, a symlink leading outside the repository). Never fails the run.
 * - `warning`: the file was analysed, but something in it is probably not what its author meant (a
 *   key written twice in one CloudFormation mapping, of which CloudFormation keeps the last). Reported
 *   as a result with severity `warning` and ruleId `resultId` (`duplicate-key`); it fails the run only
 *   under `--fail-level warning`, like any warning, and never makes the scan incomplete.
 */
export interface Diagnostic {
  readonly kind: 'parse-error' | 'note' | 'warning';
  /** For a `warning`: the result id it is reported under (`duplicate-key`). */
  readonly resultId?: string;
  readonly message: string;
  readonly location: SourceLocation;
  /** For an internal error (`internal-error.ts`): the JavaScript stack, printed by the CLI with `--debug` only. */
  readonly stack?: string;
}

/**
 * A diagnostic's message keeps its first 600 and last 300 characters around a note of how much was cut
 * (`cutMiddle`). Messages quote what a parser met, and parsers quote whole lines: the yaml package's
 * `Block scalar header includes extra characters: |xxx…` and `Unresolved tag: !xxx…`, the SAM
 * configuration reader's `xxx… is not a TOML value`, so one line of a committed file made a parse
 * error of 300,000 characters in every format and in a GitHub annotation. Bounded here, where every
 * loader's diagnostic is made, rather than at each parser's message.
 */
export function boundedMessage(message: string): string {
  return cutMiddle(message, 600, 300);
}

/** What makes two diagnostics one: kind, place and message (a module or template read for several units reports it each time). */
export function diagnosticKey(diagnostic: Diagnostic): string {
  return `${diagnostic.kind}\0${startKey(diagnostic.location)}\0${diagnostic.message}`;
}

export function parseError(location: SourceLocation, message: string): Diagnostic {
  return { kind: 'parse-error', message: boundedMessage(message), location };
}

export function note(location: SourceLocation, message: string): Diagnostic {
  return { kind: 'note', message: boundedMessage(message), location };
}

export function warning(location: SourceLocation, resultId: string, message: string): Diagnostic {
  return { kind: 'warning', resultId, message: boundedMessage(message), location };
}
