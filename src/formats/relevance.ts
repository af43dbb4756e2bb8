/**
 * The prefilter's seed words, derived: a unit can produce a rule finding only through a resource of
 * a kind some rule reports (`RuleMeta.reports`), so a format's seeds are its words for those kinds,
 * plus the words relevant whatever the rules (`RelevanceWords.always`). The engine calls this with
 * the registered rules and hands each format its seeds, so formats never read the rules.
 */
import type { ResourceKind, RuleMeta } from '../core/rule-meta.js';
import type { InputFormat } from './format.js';

/** Every kind some rule reports, in the order the rules declare them. */
export function reportedKinds(rules: readonly { readonly meta: Pick<RuleMeta, 'reports'> }[]): readonly ResourceKind[] {
  return [...new Set(rules.flatMap((rule) => rule.meta.reports))];
}

/** A format's seed words when the rules report `kinds` (each word once, kind words first). */
export function seedWords(format: Pick<InputFormat, 'relevance'>, kinds: readonly ResourceKind[]): readonly string[] {
  return [...new Set([...kinds.flatMap((kind) => format.relevance.perKind[kind]), ...format.relevance.always])];
}
