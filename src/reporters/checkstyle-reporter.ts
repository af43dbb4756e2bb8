import type { ChunkedReporter, Finding, LintResult, ReportContext } from '../core/finding.js';
import type { Severity } from '../core/rule-meta.js';
import { neutraliseXml } from './neutralise-text.js';
import { repositoryPath } from './relative-path.js';
import { sarifRegion } from './sarif-reporter.js';

/**
 * Checkstyle XML, the report Checkstyle's `XMLLogger` writes and that Jenkins Warnings Next Generation
 * (https://www.jenkins.io/doc/pipeline/steps/warnings-ng/, parser `checkStyle`), reviewdog
 * (`-f=checkstyle`, https://github.com/reviewdog/reviewdog#checkstyle-format) and many other tools read:
 *
 *   <checkstyle version="4.3">
 *     <file name="infra/main.tf">
 *       <error line="9" column="1" severity="error" message="…" source="credlint.console-user-with-access-key"/>
 *     </file>
 *   </checkstyle>
 *
 * One `file` element per file with findings, in the sorted order of the findings; `line` and `column`
 * are 1-based; severities are Checkstyle's `error`, `warning` and `info`. Suppressed findings are left
 * out (a checkstyle report lists what to act on). Names are relative to the repository root. Every
 * input-derived value is escaped for an XML attribute (`neutraliseXml`).
 */
const CHECKSTYLE_FORMAT_VERSION = '4.3';

const SEVERITIES: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', note: 'info' };

function errorElement(finding: Finding): string {
  const region = sarifRegion(finding.location.range);
  const message = finding.constructPath === undefined ? finding.message : `${finding.message} (construct ${finding.constructPath})`;
  return (
    `    <error line="${String(region.startLine)}" column="${String(region.startColumn)}" severity="${SEVERITIES[finding.severity]}"` +
    ` message="${neutraliseXml(message)}" source="${neutraliseXml(`credlint.${finding.ruleId}`)}"/>\n`
  );
}

export const checkstyleReporter: ChunkedReporter = (result, context) => checkstyleChunks(result, context);

function* checkstyleChunks(result: LintResult, context: ReportContext): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="${CHECKSTYLE_FORMAT_VERSION}">\n`;
  let open: string | undefined;
  for (const finding of result.findings) {
    if (finding.suppression) continue;
    const name = repositoryPath(result.repoRoot, context.cwd, finding.location.file);
    if (name !== open) {
      if (open !== undefined) yield '  </file>\n';
      yield `  <file name="${neutraliseXml(name)}">\n`;
      open = name;
    }
    yield errorElement(finding);
  }
  if (open !== undefined) yield '  </file>\n';
  yield '</checkstyle>\n';
}
