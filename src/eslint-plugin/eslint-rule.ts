import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateRuleSettings } from '../config/rule-settings.js';
import type { TSESLint } from '@typescript-eslint/utils';
import type { SourceLocation } from '../core/location.js';
import { boundedPlaceholder } from '../core/rule-meta.js';
import type { LinkedUnit } from '../model/link-credentials.js';
import type { Rule } from '../model/rule.js';
import { packageRoot } from '../core/package-info.js';
import { neutraliseInline } from '../reporters/neutralise-text.js';
import { runRules, type RuleFinding } from '../run-rules/run-rules.js';
import type { SourceAnalysis } from './analyse-source.js';
import { analysis as loadAnalysis } from './load-analysis.js';
import { mayHoldFindings } from './may-hold-findings.js';
import { applyInlineSuppressions } from './inline-suppressions.js';
import { isTypeScriptFileName } from './typescript-files.js';

export type RuleOptions = [Readonly<Record<string, boolean | string | number>>?];
type EslintRuleModule = TSESLint.RuleModule<string, RuleOptions>;
/** typescript-eslint's rule type, with ESLint's `schema: false` (options checked by the rule itself). */
export type CredlintEslintRule = Omit<EslintRuleModule, 'meta'> & { readonly meta: Omit<EslintRuleModule['meta'], 'schema'> & { readonly schema: false } };

/** The message of an invalid `credlint-ignore` naming the rule (the CLI's `invalid-suppression`). */
const INVALID_SUPPRESSION_MESSAGE = 'invalidSuppression';
/**
 * The message of an analysis that stopped short (a budget of docs/security.md ran out): every rule
 * reports it, once per cause, because each rule's findings in the file may be missing. The plugin
 * always uses the default budgets, so that a file can never hold the editor for long; the CLI, with
 * `--limit`, analyses such a file fully.
 */
const INCOMPLETE_MESSAGE = 'analysisIncomplete';

/**
 * An ESLint rule running a credlint rule on the linted file (docs/eslint-plugin.md): the rule's metadata becomes
 * ESLint's (messages passed through, options with their defaults), and its findings in the linted file
 * are reported at their exact span, with the same message ids and data.
 *
 * `schema: false`: the options are checked here, against the schema the CLI checks a configuration
 * with (`config/check-json-schema.ts`), when the rule first runs. A rule schema makes ESLint load and
 * start Ajv and compile a validator per rule: 40–68 ms of CPU measured alone (at load 9), which an
 * editor's or CI's ESLint process whose other rules take no options paid for credlint alone.
 */
export function eslintRule(rule: Rule, ruleIds: ReadonlySet<string>): CredlintEslintRule {
  const { meta } = rule;
  const hasOptions = Object.keys(meta.defaultOptions).length > 0;
  const checkOptions = optionsChecker(meta.id);
  return {
    meta: {
      type: 'problem',
      docs: { description: meta.title, url: ruleDocsUrl(meta.id) },
      messages: {
        ...meta.messages,
        [INVALID_SUPPRESSION_MESSAGE]: '{{message}}',
        [INCOMPLETE_MESSAGE]: 'credlint could not analyse this file completely, so findings of this rule may be missing: {{message}}',
      },
      schema: false,
      ...(hasOptions ? { defaultOptions: [{ ...meta.defaultOptions }] } : {}),
    },
    create(context) {
      checkOptions(context.options);
      // TypeScript only, as `recommended` scopes the rules and as the CLI analyses CDK apps: a config
      // that registers the plugin and sets a rule without `files` (docs/eslint-plugin.md) turns the
      // rule on for every file ESLint lints, a JavaScript CDK app included, which the CLI does not analyse.
      if (!isTypeScriptFileName(context.filename)) return {};
      // Most linted files have nothing to do with CDK IAM credentials: they cost a few substring searches.
      if (!mayHoldFindings(context.sourceCode)) return {};
      return {
        'Program:exit'() {
          const analysis = loadAnalysis().analyseSource(context.sourceCode, context.filename);
          if (!analysis) return;
          const options = { ...meta.defaultOptions, ...context.options[0] };
          const { kept, invalid } = applyInlineSuppressions(rule.meta.id, analysis, findingsInFile(rule, analysis, options), ruleIds);
          for (const finding of kept) context.report({ loc: eslintLoc(finding.location), messageId: finding.messageId, data: neutralData(finding.data) });
          for (const { message, location } of invalid)
            context.report({ loc: eslintLoc(location), messageId: INVALID_SUPPRESSION_MESSAGE, data: { message: neutraliseInline(message) } });
          for (const { message, location } of analysis.incomplete) {
            // Stopped in another file of the program: said at the top of this one, whose findings it may hide.
            const loc = location.file === analysis.fileName ? eslintLoc(location) : { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
            context.report({ loc, messageId: INCOMPLETE_MESSAGE, data: { message: neutraliseInline(message) } });
          }
        },
      };
    },
  };
}

/**
 * Throws ESLint's configuration error for options the rule does not take, with the CLI's sentences
 * (`rule "x" has no option "y" (did you mean …)`). ESLint gives each linted file a new options array
 * (the configured options merged with the defaults), so each distinct value is checked once.
 */
function optionsChecker(ruleId: string): (options: readonly unknown[]) => void {
  const checked = new Set<string>();
  return (options) => {
    const key = JSON.stringify(options);
    if (checked.has(key)) return;
    const problems = validateRuleSettings({ [ruleId]: ['error', ...options] });
    if (problems.length > 0) throw new Error(`Invalid options for credlint/${ruleId}: ${problems.join('; ')}`);
    checked.add(key);
  };
}

/**
 * Message data comes from the linted code (user names, construct ids) and ESLint's formatters print
 * it as it is, in CI logs too: neutralised like the CLI's human output (line breaks, terminal
 * escapes, bidi controls and workflow commands escaped visibly).
 */
function neutralData(data: Readonly<Record<string, string | number>>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? neutraliseInline(boundedPlaceholder(value)) : value]));
}

/**
 * The rule's findings whose primary location (the key to remove) is in the linted file. Other files
 * analysed with it report their own findings when they are linted. `--report-unknown` warnings are
 * CLI-only: an editor should not flag what cannot be decided. A rule that throws reports nothing:
 * never abort the user's ESLint run (README, "Exit codes": no stack traces); the CLI reports the same file.
 * A file in two CDK apps is checked in each; a finding both apps give alike is reported once.
 */
function findingsInFile(rule: Rule, analysis: SourceAnalysis, options: Readonly<Record<string, boolean | string | number>>): RuleFinding[] {
  const seen = new Set<string>();
  return analysis.units.flatMap(
    (linked) =>
      findingsByFile(rule, linked, options)
        .get(analysis.fileName)
        ?.filter((finding) => {
          const key = JSON.stringify([finding.location.range, finding.message]);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }) ?? [],
  );
}

/**
 * Per linked unit, rule and options: the rule's findings grouped by the file of their primary location.
 * With type information every file of a CDK app shares the app's unit (`analyse-source.ts`): the rule
 * runs once over the app, not once per linted file.
 */
const ruleRuns = new WeakMap<LinkedUnit, Map<string, ReadonlyMap<string, readonly RuleFinding[]>>>();

function findingsByFile(
  rule: Rule,
  linked: LinkedUnit,
  options: Readonly<Record<string, boolean | string | number>>,
): ReadonlyMap<string, readonly RuleFinding[]> {
  let byRule = ruleRuns.get(linked);
  if (!byRule) {
    byRule = new Map();
    ruleRuns.set(linked, byRule);
  }
  const key = JSON.stringify([rule.meta.id, Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  let byFile = byRule.get(key);
  if (!byFile) {
    const grouped = new Map<string, RuleFinding[]>();
    for (const finding of runRules(linked, [{ rule, severity: rule.meta.defaultSeverity, options }], false).findings) {
      if (finding.unknown) continue;
      const inFile = grouped.get(finding.location.file);
      if (inFile) inFile.push(finding);
      else grouped.set(finding.location.file, [finding]);
    }
    byFile = grouped;
    byRule.set(key, byFile);
  }
  return byFile;
}

/** credlint columns are 1-based, ESLint's report `loc` columns 0-based; both ends are exclusive. */
function eslintLoc(location: SourceLocation): { start: { line: number; column: number }; end: { line: number; column: number } } {
  const { start, end } = location.range;
  return { start: { line: start.line, column: start.column - 1 }, end: { line: end.line, column: end.column - 1 } };
}

/**
 * The rule's README as shipped in the installed package (`rules/<id>/README.md`, listed in
 * package.json `files`): the documentation of exactly the version that reports.
 */
function ruleDocsUrl(id: string): string | undefined {
  try {
    return pathToFileURL(path.join(packageRoot(), 'rules', id, 'README.md')).href;
  } catch {
    return undefined;
  }
}
