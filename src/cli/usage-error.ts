/** A mistake on the command line (exit 2, with the message and a pointer to `--help`). */
export class UsageError extends Error {}

/** `name=value` of a repeatable flag (`--var`, `--parameter`, `--limit`). */
export function parseAssignment(flag: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} expects name=value, got "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}
