import { boundedPerFile, notListedMessage } from '../core/diagnostics-per-file.js';
import { startKey } from '../core/location.js';
import { INVALID_SUPPRESSION, UNUSED_SUPPRESSION, type Finding } from '../core/finding.js';
import type { ResourceInstance } from '../model/model.js';
import { directivesAbove, directivesOfFile, type SuppressionDirective } from './suppression-comments.js';
import { appendAll } from '../core/append-all.js';
import { sourceLines } from './source-lines.js';

export interface RawFinding {
  readonly finding: Finding;
  /** What suppresses a finding on its resource: only these two fields, so a finding keeps no unit alive. */
  readonly resource: Pick<ResourceInstance, 'suppressionAnchors' | 'declaredSuppressions'> | undefined;
}

export interface SuppressionOptions {
  /** Every rule id a directive may name. */
  readonly ruleIds: ReadonlySet<string>;
  /** Today, `YYYY-MM-DD` (UTC). */
  readonly today: string;
  readonly reportUnused: boolean;
  /** Files whose directives are checked (the files that declare modelled resources). */
  readonly files: readonly string[];
  /** Directives declared in resources (CloudFormation metadata). */
  readonly declared: readonly SuppressionDirective[];
  readonly fingerprint: (ruleId: string, file: string, address: string) => string;
  /** The text of a file that declares resources (through the scan's `FileReader`), or undefined. */
  readonly readSource: (file: string) => string | undefined;
}

/**
 * What the author should write instead, in the syntax of the suppression they wrote: an inline comment
 * (`# credlint-ignore <rule> until=<date> -- <reason>`) or resource metadata (`ignore: [{ rule, reason, until }]`),
 * so a `justification:` key (Checkov's word) or an `ignore:` that is not a list is not answered with
 * comment syntax that cannot be written in a JSON template.
 */
const FIX = {
  inline: { rule: '', date: 'until=YYYY-MM-DD', reason: 'write "-- <reason>" after the rule ids' },
  metadata: {
    rule: ' (write ignore: [{ rule: <rule-id>, reason: <why> }])',
    date: 'until: YYYY-MM-DD',
    reason: 'write reason: <why> beside rule',
  },
} as const;

function problemOf(directive: SuppressionDirective, options: SuppressionOptions): string | undefined {
  const fix = FIX[directive.kind];
  if (directive.rules.length === 0 || directive.rules.some((r) => r === '')) return `names no rule id${fix.rule}`;
  const unknown = directive.rules.filter((r) => !options.ruleIds.has(r));
  if (unknown.length > 0) return `names unknown rule ${unknown.map((r) => `"${r}"`).join(', ')}`;
  if (directive.until !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(directive.until) || Number.isNaN(Date.parse(directive.until)))
      return `has an invalid date "${directive.until}" (expected ${fix.date})`;
    if (directive.until < options.today) return `expired on ${directive.until}`;
  }
  if (directive.reason === undefined) return `has no reason (${fix.reason})`;
  return undefined;
}

/**
 * Marks findings covered by a valid suppression (inline comment above the resource or an enclosing
 * module call, or resource metadata) and returns them with `invalid-suppression` and, on request,
 * `unused-suppression` results for the directives themselves.
 */
export function applySuppressions(raw: readonly RawFinding[], options: SuppressionOptions): Finding[] {
  const fileCache = new Map<string, { lines: string[]; directives: Map<number, SuppressionDirective> }>();
  const fileDirectives = (file: string) => {
    let cached = fileCache.get(file);
    if (!cached) {
      // A file that cannot be read has no directives; the loader already reported it.
      const text = options.readSource(file) ?? '';
      const lines = sourceLines(file, text);
      cached = { lines, directives: directivesOfFile(file, text, lines) };
      fileCache.set(file, cached);
    }
    return cached;
  };
  const used = new Set<string>();
  const result: Finding[] = raw.map(({ finding, resource }) => {
    if (!resource) return finding;
    const candidates: SuppressionDirective[] = (resource.declaredSuppressions ?? []).map((d) => ({ ...d, kind: 'metadata' as const }));
    for (const anchor of resource.suppressionAnchors) {
      const { lines, directives } = fileDirectives(anchor.file);
      appendAll(candidates, directivesAbove(lines, directives, anchor.range.start.line));
    }
    const valid = candidates.find((d) => d.rules.includes(finding.ruleId) && problemOf(d, options) === undefined);
    if (!valid) return finding;
    used.add(startKey(valid.location));
    return { ...finding, suppression: { kind: valid.kind, justification: valid.reason ?? '', location: valid.location } };
  });

  const all = [...options.files.flatMap((file) => [...fileDirectives(file).directives.values()]), ...options.declared];
  const judged: DirectiveProblem[] = [];
  for (const directive of all) {
    const problem = problemOf(directive, options);
    if (problem !== undefined) judged.push({ ruleId: INVALID_SUPPRESSION, location: directive.location, directive, problem });
    else if (options.reportUnused && !used.has(startKey(directive.location)))
      judged.push({ ruleId: UNUSED_SUPPRESSION, location: directive.location, directive });
  }
  // A file can hold a comment per line (docs/security.md, "What credlint bounds"): 100,000 comments
  // without a reason were 100,000 warnings. Past the bound, one result counts the rest of the file's.
  // The bound is applied before the results are built, so that a fingerprint is computed only for a
  // result that is reported: 470,000 comments naming an unknown rule spent seconds hashing results the
  // bound then dropped.
  const bounded = boundedPerFile(
    judged,
    (item) => item.ruleId,
    (first, count) => ({ ...first, notListed: count }),
  );
  appendAll(
    result,
    bounded.map((item) => directiveResult(item, options)),
  );
  return result;
}

/** A directive's `invalid-suppression` (its `problem`) or `unused-suppression`, before its result is built. */
interface DirectiveProblem {
  readonly ruleId: typeof INVALID_SUPPRESSION | typeof UNUSED_SUPPRESSION;
  readonly location: SuppressionDirective['location'];
  readonly directive: SuppressionDirective;
  readonly problem?: string;
  /** Set on the result that counts those of its file not listed from its place on. */
  readonly notListed?: number;
}

function directiveResult(item: DirectiveProblem, options: SuppressionOptions): Finding {
  const { ruleId, directive, problem, notListed } = item;
  const file = directive.location.file;
  return {
    ruleId,
    severity: 'warning',
    message:
      notListed !== undefined
        ? notListedMessage(notListed, `${ruleId} results`)
        : problem !== undefined
          ? `Suppression ${problem}, so it suppresses nothing.`
          : `Suppression of ${directive.rules.join(', ')} matches no finding.`,
    location: directive.location,
    related: [],
    fingerprint: options.fingerprint(ruleId, file, notListed !== undefined ? 'not listed' : `line:${directive.location.range.start.line}`),
  };
}
