import { createColors } from 'picocolors';
import type { Finding, LintResult } from '../core/finding.js';
import type { Severity } from '../core/rule-meta.js';
import { neutraliseInline } from '../reporters/neutralise-text.js';
import { outputPath } from '../reporters/relative-path.js';
import type { ConsoleContext } from './scan-and-report.js';
import { countBySeverity, plural } from '../reporters/severity-counts.js';
import { readmeSectionsOf, readmeUri, ruleDocumentationUri, toolInfo } from '../reporters/tool-info.js';

/** The words the CDK CLI prints its own annotations with (`[Error at /Stack/Key] ...`). */
const LABEL: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', note: 'Info' };

function where(finding: Finding, cwd: string): string {
  const { file, range } = finding.location;
  return `${outputPath(cwd, file)}:${String(range.start.line)}:${String(range.start.column)}`;
}

/** The lines of one finding, every input-derived part neutralised (a template is as hostile as its app). */
function findingLines(finding: Finding, result: LintResult, cwd: string, paint: ReturnType<typeof createColors>): string[] {
  const safe = neutraliseInline;
  const label = LABEL[finding.severity];
  const painted = finding.severity === 'error' ? paint.red(label) : finding.severity === 'warning' ? paint.yellow(label) : paint.cyan(label);
  const at = finding.constructPath === undefined ? '' : ` at /${safe(finding.constructPath)}`;
  const lines = [`[${painted}${at}] ${paint.bold(`credlint/${finding.ruleId}`)}: ${safe(finding.message)}`];
  const logicalId = /^Resources\.([^.]+)/.exec(finding.location.logicalPath ?? '')?.[1];
  lines.push(`    ${logicalId === undefined ? 'template' : `resource ${safe(logicalId)} in`} ${safe(where(finding, cwd))}`);
  for (const related of finding.related) {
    lines.push(`    ${paint.dim(`${safe(related.message)}: ${safe(outputPath(cwd, related.location.file))}:${String(related.location.range.start.line)}`)}`);
  }
  const meta = result.rules.find((rule) => rule.id === finding.ruleId);
  if (meta) {
    lines.push(`    fix: ${meta.remediation}`);
    lines.push(`    docs: ${ruleDocumentationUri(toolInfo(), meta.id)}`);
  } else lines.push(`    docs: ${readmeUri(toolInfo())} (${readmeSectionsOf(finding.ruleId)})`);
  return lines;
}

/**
 * What `credlint cdk-app` prints on standard error after the app has synthesized: one block per
 * unsuppressed finding in the shape of the CDK's own annotations (`[Error at /Stack/Key/Resource]
 * credlint/<rule-id>: <message>`), with the logical id, the template, the rule's fix and its
 * documentation, then a summary line saying whether synthesis stops. Suppressed findings are counted,
 * not shown (`--output json=<file>` keeps them), and so are warnings under `--quiet`.
 */
export function synthReport(result: LintResult, context: ConsoleContext): string {
  const { exitCode } = context;
  const paint = createColors(context.color);
  const shown = result.findings.filter((finding) => !finding.suppression && (!context.errorsOnly || finding.severity === 'error'));
  const blocks = shown.map((finding) => `${findingLines(finding, result, context.cwd, paint).join('\n')}\n`);
  const counts = countBySeverity(result.findings);
  const suppressed = counts.suppressed > 0 ? `, ${String(counts.suppressed)} suppressed` : '';
  const verdict =
    exitCode === 0 ? 'synthesis goes on' : paint.red(`synthesis stops (exit ${String(exitCode)}${exitCode === 2 ? ': the check is incomplete' : ''})`);
  const files = plural(result.filesScanned, 'template');
  const summary = `credlint: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}${suppressed} in the cloud assembly (${files}): ${verdict}\n`;
  return [...blocks, summary].join('\n');
}
