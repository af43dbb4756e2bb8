import type { Diagnostic } from './diagnostic.js';
import type { SourceLocation } from './location.js';

const MAX_MESSAGE_LENGTH = 200;

/**
 * The `parse-error` for a bug in credlint met while analysing one unit (a JavaScript exception in a
 * loader, an evaluator or a rule): the unit is reported as not analysed at `location` (its entry
 * file), and the rest of the scan goes on. The stack travels beside the message, never inside it:
 * the CLI prints it to standard error with `--debug` only (a report must not carry machine paths).
 */
export function internalError(location: SourceLocation, unit: string, error: unknown): Diagnostic {
  // The first line, shortened: some engine errors quote the input (`JSON.parse` does), and a report
  // must not repeat a file's content through a bug's message.
  const full = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = full.split(/\r?\n/, 1)[0] ?? '';
  const message = firstLine.length > MAX_MESSAGE_LENGTH ? `${firstLine.slice(0, MAX_MESSAGE_LENGTH)}…` : firstLine;
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : undefined;
  return {
    kind: 'parse-error',
    message: `internal error while analysing ${unit}: ${message} (run with --debug for the stack)`,
    location,
    ...(stack === undefined ? {} : { stack }),
  };
}
