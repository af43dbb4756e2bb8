import type { SourceLocation } from '../core/location.js';
import { range } from '../core/location.js';

/** A suppression as written, inline or in CloudFormation metadata, before it is validated. */
export interface SuppressionDirective {
  readonly kind: 'inline' | 'metadata';
  readonly rules: readonly string[];
  readonly until: string | undefined;
  readonly reason: string | undefined;
  readonly location: SourceLocation;
}

/**
 * `# credlint-ignore <rule-id>[,<rule-id>] [until=YYYY-MM-DD] -- <reason>` (also `//`), SPEC §6.
 * The reason is mandatory; a directive without one is parsed (so it can be reported) but never
 * suppresses.
 */
const DIRECTIVE = /^\s*(?:#|\/\/)\s*credlint-ignore\b(.*)$/;
const BODY = /^\s+([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)(?:\s+until=(\S*))?\s*(?:--\s*(.*?))?\s*$/;
// A comment line: `#`, `//`, or a line of a block comment (a TypeScript doc comment may sit between a
// directive and its statement).
const COMMENT_LINE = /^\s*(?:#|\/\/|\/\*|\*)/;

export function parseDirectiveLine(text: string, file: string, line: number): SuppressionDirective | undefined {
  const match = DIRECTIVE.exec(text);
  if (!match) return undefined;
  const start = text.search(/\S/) + 1;
  const location = { file, range: range(line, start, line, text.trimEnd().length + 1) };
  const body = BODY.exec(match[1] ?? '');
  if (!body) return { kind: 'inline', rules: [], until: undefined, reason: undefined, location };
  const reason = body[3]?.trim();
  return {
    kind: 'inline',
    rules: (body[1] ?? '').split(',').map((r) => r.trim()),
    until: body[2],
    reason: reason === '' ? undefined : reason,
    location,
  };
}

/** Every directive of a file, keyed by line number. */
export function directivesOfFile(file: string, text: string): Map<number, SuppressionDirective> {
  const directives = new Map<number, SuppressionDirective>();
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, index) => {
    if (!lineText.includes('credlint-ignore')) return;
    const directive = parseDirectiveLine(lineText, file, index + 1);
    if (directive) directives.set(index + 1, directive);
  });
  return directives;
}

/** The directives in the run of comment lines directly above `line` (a block's doc comment may sit between). */
export function directivesAbove(lines: readonly string[], directives: Map<number, SuppressionDirective>, line: number): SuppressionDirective[] {
  const found: SuppressionDirective[] = [];
  for (let above = line - 1; above >= 1; above--) {
    const text = lines[above - 1] ?? '';
    if (!COMMENT_LINE.test(text)) break;
    const directive = directives.get(above);
    if (directive) found.push(directive);
  }
  return found;
}
