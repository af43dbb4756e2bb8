import type { Reporter } from '../core/finding.js';
import type { Severity } from '../core/rule.js';
import { outputPath } from './relative-path.js';
import { sarifRegion } from './sarif-reporter.js';

/**
 * GitHub Actions workflow commands that annotate the pull request
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands):
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. Suppressed findings are
 * left out: an annotation is a request to act. Positions are our 1-based ones, end exclusive; a
 * span over several lines carries lines only.
 */
const COMMANDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', note: 'notice' };

/**
 * Escaping of the command's message, as the Actions runner decodes it (actions/toolkit
 * `escapeData`): `%` first so the escapes themselves survive.
 */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape the `:` and `,` that delimit properties (`escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const githubReporter: Reporter = (result, context) => {
  const lines: string[] = [];
  for (const finding of result.findings) {
    if (finding.suppression) continue;
    const region = sarifRegion(finding.location.range);
    const properties = [`file=${escapeProperty(outputPath(context.cwd, finding.location.file))}`, `line=${region.startLine}`];
    // Check-run annotations accept columns only when the span stays on one line
    // (https://docs.github.com/en/rest/checks/runs: "Omit this parameter if start_line and end_line have different values").
    if (region.startLine === region.endLine) {
      properties.push(`col=${region.startColumn}`, `endLine=${region.endLine}`, `endColumn=${region.endColumn}`);
    } else {
      properties.push(`endLine=${region.endLine}`);
    }
    properties.push(`title=${escapeProperty(finding.ruleId)}`);
    // Annotations show only the message, so the CDK construct path goes into it.
    const message = finding.constructPath === undefined ? finding.message : `${finding.message} (construct ${finding.constructPath})`;
    lines.push(`::${COMMANDS[finding.severity]} ${properties.join(',')}::${escapeData(message)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
