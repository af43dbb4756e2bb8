import { DUPLICATE_KEY, INVALID_SUPPRESSION, PARSE_ERROR, UNDECLARED_PARAMETER, UNDECLARED_VARIABLE, UNUSED_SUPPRESSION } from '../core/finding.js';
import type { Finding } from '../core/finding.js';
import type { FrameworkMapping, RuleMeta, Severity } from '../core/rule-meta.js';
import { readmeUri, ruleDocumentationUri, type ToolInfo } from './tool-info.js';

/** SARIF `reportingDescriptor` (§3.49) of a tool notification (in `tool.driver.notifications`); a rule's adds to it. */
export interface SarifNotificationDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string; readonly markdown: string };
  readonly helpUri: string;
}

/** SARIF 2.1.0 `reportingDescriptor` (§3.49) of a rule, as far as credlint fills it. */
export interface SarifRule extends SarifNotificationDescriptor {
  readonly defaultConfiguration: { readonly level: Severity };
  readonly properties: {
    readonly tags: readonly string[];
    readonly 'security-severity'?: string;
    readonly precision?: string;
  };
}

interface BuiltInResult {
  readonly title: string;
  readonly rationale: string;
  readonly remediation: string;
  readonly level: Severity;
}

const PARSE_ERROR_RESULT: BuiltInResult = {
  title: 'File could not be analyzed',
  rationale:
    'The file has a syntax error, is not valid UTF-8, is over the size limit, or its parser crashed or timed out. ' +
    'Nothing in it was checked, so the scan is incomplete.',
  remediation: 'Fix the problem the message names, raise --max-file-size, or exclude the file with `ignore` in the configuration.',
  level: 'error',
};

/** Results the engine reports like findings although no rule produces them. */
const BUILT_IN_RESULTS: Readonly<Record<string, BuiltInResult>> = {
  [PARSE_ERROR]: PARSE_ERROR_RESULT,
  [DUPLICATE_KEY]: {
    title: 'Key written twice in one mapping',
    rationale:
      'A CloudFormation template whose mapping has the same key twice is accepted, and the last one wins: everything ' +
      'written under the first one is silently ignored. credlint analyses the template as CloudFormation reads it.',
    remediation: 'Remove or rename one of the two keys.',
    level: 'warning',
  },
  [UNDECLARED_VARIABLE]: {
    title: 'Value given for a variable nothing declares',
    rationale: 'A --var (or configuration "vars") name that no scanned Terraform file declares is probably mistyped; Terraform refuses it.',
    remediation: 'Correct the name (the message names the nearest declared one) or remove the value.',
    level: 'warning',
  },
  [UNDECLARED_PARAMETER]: {
    title: 'Value given for a parameter no template declares',
    rationale: 'A --parameter (or configuration "parameters") name that no scanned template declares is probably mistyped; CloudFormation refuses it.',
    remediation: 'Correct the name (the message names the nearest one found) or remove the value.',
    level: 'warning',
  },
  [INVALID_SUPPRESSION]: {
    title: 'Suppression that does not suppress',
    rationale: 'A credlint-ignore comment or metadata entry without a reason, or past its expiry date, is ignored.',
    remediation: 'Give the suppression a reason after `--`, renew its `until=` date, or remove it and fix the finding.',
    level: 'warning',
  },
  [UNUSED_SUPPRESSION]: {
    title: 'Suppression that matches no finding',
    rationale: 'A suppression that no longer matches a finding hides nothing today but would hide a future finding unnoticed.',
    remediation: 'Remove the suppression.',
    level: 'warning',
  },
};

/** `console-user-with-access-key` → `ConsoleUserWithAccessKey` (SARIF §3.49.7: a readable identifier). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * `cis-aws-foundations-benchmark/v6.0.0/2.10`: code scanning filters alerts with `tag:<value>`, which
 * stops at a space, so tags carry none (the `external/cwe/cwe-79` shape CodeQL uses).
 */
function mappingTag(mapping: FrameworkMapping): string {
  const slug = (text: string) => text.trim().toLowerCase().replace(/\s+/g, '-');
  return `${slug(mapping.framework)}/${slug(mapping.versions)}/${slug(mapping.control)}`;
}

/** `CIS AWS Foundations Benchmark v6.0.0 2.10`, one line per mapping, for the help text. */
function mappingLine(mapping: FrameworkMapping): string {
  return `${mapping.framework} ${mapping.versions} ${mapping.control}`;
}

/**
 * The rule's own summary (title, rationale, remediation, framework controls, references) and a link
 * to its full README: code scanning shows `help.markdown` in the alert, so it must stand on its own.
 */
function ruleFromMeta(meta: RuleMeta, tool: ToolInfo): SarifRule {
  const helpUri = ruleDocumentationUri(tool, meta.id);
  const markdown = [`**${meta.title}**`, meta.rationale, `**How to fix:** ${meta.remediation}`];
  const text = [meta.title, meta.rationale, `How to fix: ${meta.remediation}`];
  if (meta.mappings.length > 0) {
    markdown.push(`**Controls**\n\n${meta.mappings.map((mapping) => `- ${mappingLine(mapping)}`).join('\n')}`);
    text.push(`Controls:\n${meta.mappings.map((mapping) => `- ${mappingLine(mapping)}`).join('\n')}`);
  }
  if (meta.references.length > 0) {
    markdown.push(`**References**\n\n${meta.references.map((reference) => `- [${reference.title}](${reference.url})`).join('\n')}`);
    text.push(`References:\n${meta.references.map((reference) => `- ${reference.title}: ${reference.url}`).join('\n')}`);
  }
  markdown.push(`[Full documentation of \`${meta.id}\`](${helpUri})`);
  text.push(`Full documentation: ${helpUri}`);
  const mappingTags = meta.mappings.map(mappingTag);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale },
    help: { text: text.join('\n\n'), markdown: markdown.join('\n\n') },
    helpUri,
    defaultConfiguration: { level: meta.defaultSeverity },
    properties: {
      tags: ['security', ...mappingTags],
      // GitHub code scanning reads this string to rank alerts (critical >= 9.0, high >= 7.0, ...).
      'security-severity': meta.securitySeverity.toFixed(1),
      precision: 'high',
    },
  };
}

function builtInRule(id: string, fallbackLevel: Severity, tool: ToolInfo): SarifRule {
  const known = BUILT_IN_RESULTS[id];
  const title = known?.title ?? id;
  const rationale = known?.rationale ?? title;
  const remediation = known?.remediation ?? 'See the message.';
  const helpUri = readmeUri(tool);
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: title },
    fullDescription: { text: rationale },
    help: {
      text: `${rationale}\n\nHow to fix: ${remediation}\n\nDocumentation: ${helpUri}`,
      markdown: `${rationale}\n\n**How to fix:** ${remediation}\n\n[credlint documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: known?.level ?? fallbackLevel },
    // Not security findings: no security-severity, so code scanning files them as tool problems.
    properties: { tags: ['credlint'] },
  };
}

/**
 * The driver's rules: every enabled rule, plus a descriptor for each built-in result id that occurs,
 * sorted by id so output does not depend on registry order. A rule links to its own README in the
 * published package of this very version; built-in results link to the package README, which
 * documents them. Returns each id's index for `ruleIndex`.
 */
export function sarifRules(
  metas: readonly RuleMeta[],
  findings: readonly Finding[],
  tool: ToolInfo,
): { readonly rules: readonly SarifRule[]; readonly indexOf: ReadonlyMap<string, number> } {
  const byId = new Map<string, SarifRule>();
  for (const meta of metas) byId.set(meta.id, ruleFromMeta(meta, tool));
  for (const finding of findings) {
    if (!byId.has(finding.ruleId)) byId.set(finding.ruleId, builtInRule(finding.ruleId, finding.severity, tool));
  }
  const rules = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, indexOf: new Map(rules.map((rule, index) => [rule.id, index])) };
}

/**
 * The descriptor of `parse-error`: a file that could not be analysed is a fact about the run (the
 * scan is incomplete), not an alert about the code, so it is a tool execution notification.
 */
export function parseErrorDescriptor(tool: ToolInfo): SarifNotificationDescriptor {
  const known = PARSE_ERROR_RESULT;
  const helpUri = readmeUri(tool);
  return {
    id: PARSE_ERROR,
    name: pascalCase(PARSE_ERROR),
    shortDescription: { text: known.title },
    fullDescription: { text: known.rationale },
    help: {
      text: `${known.rationale}\n\nHow to fix: ${known.remediation}\n\nDocumentation: ${helpUri}`,
      markdown: `${known.rationale}\n\n**How to fix:** ${known.remediation}\n\n[credlint documentation](${helpUri})`,
    },
    helpUri,
  };
}
