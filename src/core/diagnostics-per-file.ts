/**
 * How many diagnostics of one kind a scan keeps for one file. One file can hold as many problems as it
 * has lines, and each costs the reports a result (a fingerprint, a location, a code frame in the
 * stylish output): an auto-loaded `terraform.tfvars` of 160,000 `name = f()` lines is 160,000 parse
 * errors, and three such files took 30 s and 1.2 GB to report as 313 MB of JSON; a template of 50,000
 * repeated keys is 50,000 `duplicate-key` warnings (docs/security.md, "What credlint bounds"). Past
 * `DIAGNOSTICS_PER_FILE` of one kind in one file, the rest are counted in one diagnostic of that kind
 * at the first one not listed, so a scan's output grows with the number of files, not with what one
 * file holds. The exit code is the same: the count of parse errors is a parse error.
 */
import { compareLocations, type SourceLocation } from './location.js';
import { note, parseError, type Diagnostic } from './diagnostic.js';

/** Above any real file's count (the lists from one source, such as undeclared variables, stop at 21). */
export const DIAGNOSTICS_PER_FILE = 100;

/** The message of the item that counts `count` more `what` (`parse errors`) not listed from its place on. */
export function notListedMessage(count: number, what: string): string {
  return `${String(count)} more ${what} of this file, from here on, are not listed (credlint lists the first ${String(DIAGNOSTICS_PER_FILE)} of each kind in a file)`;
}

/**
 * `items`, where those of one group (`groupOf`: a kind; undefined for an item never bounded) in one
 * file number more than `DIAGNOSTICS_PER_FILE`, with the first of them by location kept and the rest
 * replaced by `counted(first not kept, how many not kept)`, placed after the others.
 */
export function boundedPerFile<T extends { readonly location: SourceLocation }>(
  items: readonly T[],
  groupOf: (item: T) => string | undefined,
  counted: (first: T, count: number) => T,
): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groupOf(item);
    if (group === undefined) continue;
    const key = `${group}\0${item.location.file}`;
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [item]);
    else members.push(item);
  }
  const over = [...groups.values()].filter((members) => members.length > DIAGNOSTICS_PER_FILE);
  if (over.length === 0) return [...items];
  const dropped = new Set<T>();
  const counts: T[] = [];
  for (const members of over) {
    const rest = [...members].sort((a, b) => compareLocations(a.location, b.location)).slice(DIAGNOSTICS_PER_FILE);
    for (const item of rest) dropped.add(item);
    counts.push(counted(rest[0] as T, rest.length));
  }
  return [...items.filter((item) => !dropped.has(item)), ...counts];
}

function kindOf(diagnostic: Diagnostic): string {
  switch (diagnostic.kind) {
    case 'parse-error':
      return 'parse errors';
    case 'note':
      return 'notes';
    default:
      return `${diagnostic.resultId ?? 'warning'} warnings`;
  }
}

/** `boundedPerFile` for the diagnostics of a scan: by kind (and a warning's result id). */
export function diagnosticsBoundedPerFile(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return boundedPerFile(
    diagnostics,
    (diagnostic) => `${diagnostic.kind}\0${diagnostic.resultId ?? ''}`,
    (first, count) => ({
      kind: first.kind,
      ...(first.resultId === undefined ? {} : { resultId: first.resultId }),
      location: first.location,
      message: notListedMessage(count, kindOf(first)),
    }),
  );
}

/**
 * The first `max` of `diagnostics` (one source's, in its order), and one more at the next one counting
 * the rest, worded by `rest(count)`: a parse error when any of the rest is one (the scan stays
 * incomplete), else a note. For a source that can name one problem per line of a file a pull request
 * writes (a variables file, a configuration's `varFiles`), so that it costs no more than `max` results.
 */
export function firstAndCounted(diagnostics: readonly Diagnostic[], max: number, rest: (count: number) => string): Diagnostic[] {
  const unlisted = diagnostics.slice(max);
  const first = unlisted[0];
  if (first === undefined) return [...diagnostics];
  const message = rest(unlisted.length);
  const counted = unlisted.some((diagnostic) => diagnostic.kind === 'parse-error') ? parseError(first.location, message) : note(first.location, message);
  return [...diagnostics.slice(0, max), counted];
}
