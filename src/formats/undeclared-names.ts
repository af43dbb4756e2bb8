/**
 * The `undeclared-variable` and `undeclared-parameter` warnings of one scan. Their names may come from
 * a committed configuration file (`vars`, `parameters`), which a pull request writes: 700,000 `vars`
 * were 700,000 warnings (436 MB of JSON, 1.4 GB of memory), and each name's "did you mean" search
 * went over every candidate, so 5,000 `parameters` beside a template of 20,000 words ran for minutes
 * (docs/security.md, "What credlint bounds"). As with the problems of a configuration file, the first
 * `MAX_NAMES_SHOWN` names (in the order given) are listed, each with its hint, and one more warning
 * says how many were not.
 */
import { didYouMean } from '../core/did-you-mean.js';
import { warning, type Diagnostic } from '../core/diagnostic.js';
import { FILE_START } from '../core/location.js';
import { boundedPlaceholder } from '../core/rule-meta.js';

export const MAX_NAMES_SHOWN = 20;

export interface UndeclaredNames {
  /** The file the warnings point at (the first template, the first Terraform file). */
  readonly at: string;
  readonly ruleId: string;
  /** The names nothing declares, in the order given, each once. */
  readonly names: readonly string[];
  /** The declared names a hint is looked for among. */
  readonly candidates: readonly string[];
  /** The warning of one name (bounded with `boundedPlaceholder`) and its hint, if any. */
  readonly message: (shown: string, near: string | undefined) => string;
  /** The warning that `count` more names were not listed. */
  readonly rest: (count: number) => string;
}

export function undeclaredNameWarnings({ at, ruleId, names, candidates, message, rest }: UndeclaredNames): Diagnostic[] {
  const where = { file: at, range: FILE_START };
  const diagnostics = names.slice(0, MAX_NAMES_SHOWN).map((name) => warning(where, ruleId, message(boundedPlaceholder(name), didYouMean(name, candidates))));
  if (names.length > MAX_NAMES_SHOWN) diagnostics.push(warning(where, ruleId, rest(names.length - MAX_NAMES_SHOWN)));
  return diagnostics;
}
