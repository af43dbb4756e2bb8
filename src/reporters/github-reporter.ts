import type { ChunkedReporter, LintResult, ReportContext } from '../core/finding.js';
import type { Severity } from '../core/rule-meta.js';
import { repositoryPath } from './relative-path.js';
import { neutraliseInline } from './neutralise-text.js';
import { sarifRegion } from './sarif-reporter.js';

/**
 * GitHub Actions workflow commands that annotate the pull request
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands):
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. Suppressed findings are
 * left out: an annotation is a request to act. Positions are our 1-based ones, end exclusive; a
 * span over several lines carries lines only. The file is named relative to the repository root, as
 * in the other CI reports (README, "Output formats"): the Actions runner passes a relative `file` on
 * unchanged and GitHub resolves it from the repository root, not from the step's working directory,
 * so a scan run in `infra/` must still say `infra/main.tf`.
 *
 * Every input-derived string (file path, message, construct path) is first neutralised like in the
 * stylish format (control, bidi and invisible characters escaped visibly, `##[` broken), then encoded
 * as the runner decodes command data and properties. The runner decodes only `%25`, `%0D`, `%0A`
 * (and `%3A`, `%2C` in properties), so a path with such characters gets an annotation whose file may
 * not match; it is still shown.
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

export const githubReporter: ChunkedReporter = (result, context) => githubChunks(result, context);

/** One workflow command a line, a line a piece. */
function* githubChunks(result: LintResult, context: ReportContext): Generator<string> {
  for (const finding of result.findings) {
    if (finding.suppression) continue;
    const region = sarifRegion(finding.location.range);
    const file = repositoryPath(result.repoRoot, context.cwd, finding.location.file);
    const properties = [`file=${escapeProperty(neutraliseInline(file))}`, `line=${region.startLine}`];
    // Check-run annotations accept columns only when the span stays on one line
    // (https://docs.github.com/en/rest/checks/runs: "Omit this parameter if start_line and end_line have different values").
    if (region.startLine === region.endLine) {
      properties.push(`col=${region.startColumn}`, `endLine=${region.endLine}`, `endColumn=${region.endColumn}`);
    } else {
      properties.push(`endLine=${region.endLine}`);
    }
    properties.push(`title=${escapeProperty(neutraliseInline(finding.ruleId))}`);
    // Annotations show only the message, so the CDK construct path goes into it.
    const message = finding.constructPath === undefined ? finding.message : `${finding.message} (construct ${finding.constructPath})`;
    yield `::${COMMANDS[finding.severity]} ${properties.join(',')}::${escapeData(neutraliseInline(message))}\n`;
  }
}
