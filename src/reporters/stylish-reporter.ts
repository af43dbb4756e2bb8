import { ownRequire } from '../core/own-module.cjs';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ChunkedReporter, Finding, LintResult, ReportContext } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import type { Severity } from '../core/rule-meta.js';
import { renderCodeFrame, type Colors } from './code-frame.js';
import { guardWorkflowCommands, neutraliseInline, neutralisePathAtLineStart } from './neutralise-text.js';
import { outputPath } from './relative-path.js';
import { countBySeverity, plural, type SeverityCounts } from './severity-counts.js';

/**
 * The default, human format (ESLint's `stylish`, with code frames):
 *
 * ```
 * infra/main.tf
 *   12:3  error  User "ops" has a console password and an active access key.  console-user-with-access-key
 *       11 | resource "aws_iam_access_key" "ops" {
 *     > 12 |   user = aws_iam_user.ops.name
 *          |   ^^^^
 *     ↳ infra/main.tf:5:1 login profile of ops
 *     construct: App/Stack/Key
 *
 * ✖ 1 problem (1 error, 0 warnings) in 3 files scanned
 * ```
 *
 * A module (or TypeScript file) that two deployment units share gives one finding per unit at the same
 * place with the same message; those findings name their unit (`deployment unit: terraform:envs/prod`)
 * so they do not read as one finding printed twice.
 *
 * Suppressed findings are listed, dimmed, on one line each with `(suppressed: <reason>)` and no code
 * frame, so a reviewer can see what is being waived; they are counted apart from the problems and
 * never change the exit code. Notes (skipped remote modules, symlinks not followed) follow the
 * findings. Colours only when `context.color` (the CLI decides from TTY, `NO_COLOR`, `FORCE_COLOR`).
 *
 * Every string that comes from the scanned files (paths, messages, reasons, construct paths, source
 * lines) is neutralised (neutralise-text.ts): a pull request cannot break a line, send terminal
 * escapes, reorder text with bidi controls, or write a GitHub Actions workflow command into a CI log.
 * The report is given in pieces, a finding at a time, without spreading arrays into calls, so any
 * number of findings prints in linear time and is never held as one string.
 */
export const stylishReporter: ChunkedReporter = (result, context) => stylishChunks(result, context);

/** The report in pieces that start at a line start (or with a line break), each guarded on its own. */
function* stylishChunks(result: LintResult, context: ReportContext): Generator<string> {
  const colors = (ownRequire('picocolors') as typeof import('picocolors')).createColors(context.color);
  let blocks = 0;
  const separator = () => (blocks++ === 0 ? '' : '\n\n');
  for (const [file, findings] of groupByFile(result.findings, context.cwd)) {
    let first = true;
    for (const piece of fileGroupChunks(file, findings, context, colors)) {
      yield guardWorkflowCommands(first ? `${separator()}${piece}` : piece);
      first = false;
    }
  }
  if (result.notes.length > 0) yield guardWorkflowCommands(`${separator()}${renderNotes(result.notes, context.cwd, colors)}`);
  yield `${separator()}${summaryLine(countBySeverity(result.findings), result.filesScanned, colors, result.notes.length, result.filesSkipped)}\n`;
}

/** Groups findings by shown path, keeping the engine's order (it sorts by file, line, column). */
function groupByFile(findings: readonly Finding[], cwd: string): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const file = outputPath(cwd, finding.location.file);
    const group = groups.get(file);
    if (group) group.push(finding);
    else groups.set(file, [finding]);
  }
  return groups;
}

/** The file header, then each finding preceded by its separator. */
function* fileGroupChunks(file: string, findings: readonly Finding[], context: ReportContext, colors: Colors): Generator<string> {
  let positionWidth = 0;
  let severityWidth = 0;
  for (const finding of findings) {
    positionWidth = Math.max(positionWidth, positionOf(finding).length);
    severityWidth = Math.max(severityWidth, finding.severity.length);
  }
  const source = readSourceSafely(context, findings[0]?.location.file ?? '');
  const unitsAlike = unitsOfAlikeFindings(findings);
  yield colors.underline(neutralisePathAtLineStart(file));
  // A finding with a frame or related locations is a paragraph; plain one-liners stay together.
  let previousIsParagraph = false;
  for (const [index, finding] of findings.entries()) {
    const showUnit = finding.unitId !== undefined && (unitsAlike.get(alikeKey(finding))?.size ?? 0) > 1;
    const entry = renderFinding(finding, source, positionWidth, severityWidth, context, colors, showUnit);
    const paragraph = entry.includes('\n');
    yield `${index > 0 && (paragraph || previousIsParagraph) ? '\n\n' : '\n'}${entry}`;
    previousIsParagraph = paragraph;
  }
}

/** What makes two findings of one file read the same: rule, position and message. */
function alikeKey(finding: Finding): string {
  const { start } = finding.location.range;
  return `${finding.ruleId}\0${String(start.line)}:${String(start.column)}\0${finding.message}`;
}

/** The deployment units of each group of findings that read the same. */
function unitsOfAlikeFindings(findings: readonly Finding[]): Map<string, Set<string | undefined>> {
  const units = new Map<string, Set<string | undefined>>();
  for (const finding of findings) {
    const key = alikeKey(finding);
    const set = units.get(key);
    if (set) set.add(finding.unitId);
    else units.set(key, new Set([finding.unitId]));
  }
  return units;
}

function renderFinding(
  finding: Finding,
  source: string | undefined,
  positionWidth: number,
  severityWidth: number,
  context: ReportContext,
  colors: Colors,
  showUnit: boolean,
): string {
  const position = positionOf(finding).padEnd(positionWidth);
  const severity = finding.severity.padEnd(severityWidth);
  const message = neutraliseInline(finding.message);
  const ruleId = neutraliseInline(finding.ruleId);
  if (finding.suppression) {
    const line = `  ${position}  ${severity}  ${message}  ${ruleId}  (suppressed: ${neutraliseInline(finding.suppression.justification)})`;
    return colors.dim(line);
  }
  const coloredSeverity = colorSeverity(finding.severity, severity, colors);
  const lines = [`  ${colors.dim(position)}  ${coloredSeverity}  ${message}  ${colors.dim(ruleId)}`];
  const frame = source === undefined ? undefined : renderCodeFrame(source, finding.location.range, colors);
  if (frame !== undefined) lines.push(indent(frame, '    '));
  for (const related of finding.related) {
    lines.push(`    ${colors.cyan('↳')} ${whereIs(related.location, context.cwd)} ${neutraliseInline(related.message)}`);
  }
  if (finding.constructPath !== undefined) lines.push(`    ${colors.dim('construct:')} ${neutraliseInline(finding.constructPath)}`);
  if (showUnit && finding.unitId !== undefined) lines.push(`    ${colors.dim('deployment unit:')} ${neutraliseInline(finding.unitId)}`);
  return lines.join('\n');
}

function renderNotes(notes: readonly Diagnostic[], cwd: string, colors: Colors): string {
  const lines = notes.map((diagnostic) => {
    return `  ${colors.blue(diagnostic.kind)}  ${whereIs(diagnostic.location, cwd)}  ${neutraliseInline(diagnostic.message)}`;
  });
  return [colors.bold('Notes'), ...lines].join('\n');
}

/**
 * The last line. Without findings but with notes (something was not analysed: an unread module, an
 * IAM construct from a package credlint does not read), it says so: a clean run is never read as a
 * pass of code that was not checked. Notes never change the exit code (README, "Exit codes").
 */
function summaryLine(counts: SeverityCounts, filesScanned: number, colors: Colors, runNotes = 0, filesSkipped = 0): string {
  const problems = counts.errors + counts.warnings + counts.notes;
  const suppressed = counts.suppressed > 0 ? ` (${counts.suppressed} suppressed)` : '';
  // Files were given or found, and none could declare what the rules check (a pre-commit run on a
  // commit without IAM code): "0 files" alone would read as if they were never looked at.
  if (problems === 0 && runNotes === 0 && filesScanned === 0 && filesSkipped > 0)
    return colors.green(`No problems found: ${plural(filesSkipped, 'file')} read, none declaring anything credlint checks (--verbose says why).`);
  if (problems === 0 && runNotes > 0)
    return colors.blue(
      `No problems found in ${plural(filesScanned, 'file')}${suppressed}, but ${plural(runNotes, 'note')} above say${runNotes === 1 ? 's' : ''} what was not analysed.`,
    );
  if (problems === 0) return colors.green(`No problems found in ${plural(filesScanned, 'file')}${suppressed}.`);
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  if (counts.notes > 0) parts.push(plural(counts.notes, 'note'));
  const text = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) in ${plural(filesScanned, 'file')} scanned${suppressed}`;
  const color = counts.errors > 0 ? colors.red : counts.warnings > 0 ? colors.yellow : colors.blue;
  return colors.bold(color(text));
}

/** A source that cannot be read only costs its code frames, whatever the caller's `readSource` does. */
function readSourceSafely(context: ReportContext, file: string): string | undefined {
  try {
    return context.readSource(file);
  } catch {
    return undefined;
  }
}

/** `path:line:column` of the start of a location. */
function whereIs(location: SourceLocation, cwd: string): string {
  return `${neutraliseInline(outputPath(cwd, location.file))}:${location.range.start.line}:${location.range.start.column}`;
}

function positionOf(finding: Finding): string {
  return `${finding.location.range.start.line}:${finding.location.range.start.column}`;
}

function colorSeverity(severity: Severity, text: string, colors: Colors): string {
  if (severity === 'error') return colors.red(text);
  if (severity === 'warning') return colors.yellow(text);
  return colors.blue(text);
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? `${prefix}${line}` : line))
    .join('\n');
}
