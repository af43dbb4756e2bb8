import { PARSE_ERROR, type ChunkedReporter, type Finding, type LintResult, type ReportContext } from '../core/finding.js';
import { neutraliseXml } from './neutralise-text.js';
import { repositoryPath } from './relative-path.js';
import { sarifRegion } from './sarif-reporter.js';

/**
 * JUnit XML, the test report format of Apache Ant's `junitreport`/`junit` tasks that CI systems read
 * as test results: GitLab (`artifacts:reports:junit`, https://docs.gitlab.com/ci/testing/unit_test_reports/),
 * Jenkins (`junit` step, https://www.jenkins.io/doc/pipeline/steps/junit/), CircleCI
 * (`store_test_results`, https://circleci.com/docs/collect-test-data/) and Azure Pipelines
 * (`PublishTestResults@2` with `testResultsFormat: JUnit`,
 * https://learn.microsoft.com/en-us/azure/devops/pipelines/tasks/reference/publish-test-results-v2).
 *
 * One `testsuite` per rule that ran (a check of the CIS benchmark is what a dashboard tracks), then one
 * per other result id that occurs (`parse-error`, `invalid-suppression`, ...). In a suite, each finding
 * is a `testcase` named by its file, line, column and logical address, with classname
 * `credlint.<rule-id>` (Jenkins shows it as package `credlint`, class `<rule-id>`):
 * - an unsuppressed finding holds a `failure` (a `parse-error` an `error`: the file was not analysed);
 * - a suppressed finding holds `skipped`, with the reason;
 * - a rule without findings has one passing testcase, so the report shows it ran.
 * Only elements and attributes the Ant format defines are written, and no timestamps or host names, so
 * that the report of one tree is always the same. Every input-derived value is escaped for XML
 * (`neutraliseXml`).
 */
interface Suite {
  readonly id: string;
  readonly findings: Finding[];
}

function suitesOf(result: LintResult): Suite[] {
  const suites = new Map<string, Suite>(result.rules.map((meta) => [meta.id, { id: meta.id, findings: [] }]));
  for (const finding of result.findings) {
    let suite = suites.get(finding.ruleId);
    if (suite === undefined) {
      suite = { id: finding.ruleId, findings: [] };
      suites.set(finding.ruleId, suite);
    }
    suite.findings.push(finding);
  }
  return [...suites.values()];
}

interface Counts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function countsOf(findings: readonly Finding[]): Counts {
  if (findings.length === 0) return { tests: 1, failures: 0, errors: 0, skipped: 0 };
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const finding of findings) {
    if (finding.suppression) skipped += 1;
    else if (finding.ruleId === PARSE_ERROR) errors += 1;
    else failures += 1;
  }
  return { tests: findings.length, failures, errors, skipped };
}

function countAttributes(counts: Counts): string {
  return `tests="${String(counts.tests)}" failures="${String(counts.failures)}" errors="${String(counts.errors)}" skipped="${String(counts.skipped)}" time="0"`;
}

type Where = { readonly repoRoot: string | undefined; readonly cwd: string };

function position(where: Where, location: Finding['location']): string {
  const region = sarifRegion(location.range);
  return `${repositoryPath(where.repoRoot, where.cwd, location.file)}:${String(region.startLine)}:${String(region.startColumn)}`;
}

/** The body of a failure: where, what, and the related locations, one line each. */
function details(finding: Finding, where: Where): string {
  const lines = [`${position(where, finding.location)}: ${finding.message}`, `rule: ${finding.ruleId} (${finding.severity})`];
  if (finding.address !== undefined) lines.push(`address: ${finding.address}`);
  if (finding.constructPath !== undefined) lines.push(`construct: ${finding.constructPath}`);
  for (const related of finding.related) lines.push(`related: ${position(where, related.location)}: ${related.message}`);
  return lines.map(neutraliseXml).join('\n');
}

function testcase(finding: Finding, where: Where): string {
  const name = neutraliseXml(finding.address === undefined ? position(where, finding.location) : `${position(where, finding.location)} ${finding.address}`);
  const open = `    <testcase name="${name}" classname="${neutraliseXml(`credlint.${finding.ruleId}`)}" time="0">\n`;
  let body: string;
  if (finding.suppression) {
    const reason = `suppressed (${finding.suppression.kind}): ${finding.suppression.justification}`;
    body = `      <skipped message="${neutraliseXml(reason)}"/>\n`;
  } else {
    const element = finding.ruleId === PARSE_ERROR ? 'error' : 'failure';
    body = `      <${element} message="${neutraliseXml(finding.message)}" type="${finding.severity}">${details(finding, where)}</${element}>\n`;
  }
  return `${open}${body}    </testcase>\n`;
}

export const junitReporter: ChunkedReporter = (result, context) => junitChunks(result, context);

function* junitChunks(result: LintResult, context: ReportContext): Generator<string> {
  const where: Where = { repoRoot: result.repoRoot, cwd: context.cwd };
  const suites = suitesOf(result);
  const perSuite = suites.map((suite) => countsOf(suite.findings));
  const total = perSuite.reduce<Counts>(
    (sum, counts) => ({
      tests: sum.tests + counts.tests,
      failures: sum.failures + counts.failures,
      errors: sum.errors + counts.errors,
      skipped: sum.skipped + counts.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="credlint" ${countAttributes(total)}>\n`;
  for (const [index, suite] of suites.entries()) {
    const name = neutraliseXml(suite.id);
    yield `  <testsuite name="${name}" ${countAttributes(perSuite[index] ?? countsOf(suite.findings))}>\n`;
    if (suite.findings.length === 0) yield `    <testcase name="${name}: no findings" classname="credlint.${name}" time="0"/>\n`;
    for (const finding of suite.findings) yield testcase(finding, where);
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
