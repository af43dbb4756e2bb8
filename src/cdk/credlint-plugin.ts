import path from 'node:path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation } from 'aws-cdk-lib';
import { PARSE_ERROR, type Finding } from '../core/finding.js';
import { FILE_START } from '../core/location.js';
import { internalError } from '../core/internal-error.js';
import { rules as allRules } from '../../rules/index.js';
import { readmeSectionsOf, readmeUri, ruleDocumentationUri, toolInfo } from '../reporters/tool-info.js';
import { checkAssembly, checkedOptions, type AssemblyFinding, type CredlintCdkOptions } from './check-assembly.js';

/**
 * What the CDK hands a plugin: `templatePaths` always; `stackTemplates` only from the stable
 * `IPolicyValidationContext` on (the `policyValidationBeta1` context of older releases lacks it).
 */
type ValidationContext = Pick<IPolicyValidationContext, 'templatePaths' | 'appConstruct'> & Partial<Pick<IPolicyValidationContext, 'stackTemplates'>>;

/**
 * Every resource credlint reports has a logical id and a template, which the `policyValidationBeta1`
 * report requires: so one report type serves both registrations.
 */
type CredlintViolation = PolicyViolation & {
  readonly violatingResources: (PolicyViolatingResource & { readonly resourceLogicalId: string; readonly templatePath: string })[];
};
export type CredlintReport = PolicyValidationPluginReport & { readonly violations: CredlintViolation[] };

/** The CDK prints a plugin's rule names as `<plugin name>::<rule>`; acknowledgements use the same id. */
export const PLUGIN_NAME = 'credlint';

const metaById = new Map(allRules.map((rule) => [rule.meta.id, rule.meta]));

/** The fix the CDK prints under a violation: the rule's remediation and where its documentation is. */
function fixOf(ruleId: string): string {
  const meta = metaById.get(ruleId);
  if (!meta) return `See the README of credlint, ${readmeSectionsOf(ruleId)}: ${readmeUri(toolInfo())}`;
  return `${meta.remediation} Documentation: ${ruleDocumentationUri(toolInfo(), ruleId)}`;
}

/** `Resources.Key.Properties.Status` → `Properties/Status`: the CDK wants locations relative to the resource. */
function locationsOf(finding: AssemblyFinding): string[] {
  const rest = /^Resources\.[^.]+\.(.+)$/.exec(finding.location.logicalPath ?? '')?.[1];
  return rest === undefined ? [] : [rest.split('.').join('/')];
}

function violationOf(finding: AssemblyFinding): CredlintViolation {
  const meta = metaById.get(finding.ruleId);
  return {
    ruleName: finding.ruleId,
    description: finding.message,
    fix: fixOf(finding.ruleId),
    severity: finding.severity,
    violatingResources: [
      {
        resourceLogicalId: finding.logicalId ?? 'N/A',
        templatePath: finding.location.file,
        locations: locationsOf(finding),
        ...(finding.constructPath === undefined ? {} : { constructPath: finding.constructPath }),
      },
    ],
    ...(meta ? { ruleMetadata: { title: meta.title, documentation: ruleDocumentationUri(toolInfo(), meta.id) } } : {}),
  };
}

/**
 * Whether a finding belongs to one of the templates the CDK handed over: a stack template itself, or
 * a nested stack template under one of those stacks (by construct path). A plugin registered on a Stage
 * receives only that Stage's stacks; the app is still analysed whole, as `credlint cdk.out` does.
 */
function inScope(finding: Finding, context: ValidationContext): boolean {
  const files = new Set(context.templatePaths.map((file) => path.resolve(file)));
  if (files.has(path.resolve(finding.location.file))) return true;
  const stacks = context.stackTemplates;
  if (stacks === undefined) {
    // Before `stackTemplates` (aws-cdk-lib < 2.2xx): nested stack templates sit beside their parent's.
    const dirs = new Set([...files].map((file) => path.dirname(file)));
    return finding.location.file.endsWith('.nested.template.json') && dirs.has(path.dirname(path.resolve(finding.location.file)));
  }
  const constructPath = finding.constructPath;
  return constructPath !== undefined && stacks.some((stack) => constructPath.startsWith(`${stack.stackConstructPath}/`));
}

/**
 * The app's cloud assembly directory (`App.outdir`, whose `manifest.json` the CDK has written before
 * it calls plugins); without an app construct, the directory of the first template.
 */
function assemblyDirectory(context: ValidationContext): string | undefined {
  const appOutdir = (context.appConstruct as { outdir?: unknown } | undefined)?.outdir;
  if (typeof appOutdir === 'string') return appOutdir;
  const first = context.templatePaths[0];
  return first === undefined ? undefined : path.dirname(first);
}

/**
 * credlint as a CDK policy-validation plugin (docs/cdk.md): register it with
 * `Validations.of(app).addPlugins(new CredlintPlugin())` or `new App({ policyValidationBeta1: [new CredlintPlugin()] })`.
 * After synthesis the CDK calls `validate` with the templates it wrote; the plugin checks the cloud
 * assembly with the CLI's loader and rules and reports each unsuppressed finding. Synthesis fails on
 * an error-severity finding.
 */
export class CredlintPlugin implements IPolicyValidationPlugin {
  readonly name = PLUGIN_NAME;
  readonly version = toolInfo().version;
  readonly ruleIds: string[];
  private readonly options: CredlintCdkOptions;

  constructor(options: CredlintCdkOptions = {}) {
    this.options = checkedOptions(options);
    this.ruleIds = allRules.map((rule) => rule.meta.id).filter((id) => options.rules?.[id] !== 'off');
  }

  validate(context: ValidationContext): CredlintReport {
    try {
      return this.check(context);
    } catch (error) {
      // A plugin that throws gets a failed report without violations, and the CDK CLI (2.1149) lets
      // `cdk synth` exit 0 on it, printing nothing: an error violation fails synthesis instead, as a
      // `parse-error` fails the CLI's scan.
      const file = path.join(assemblyDirectory(context) ?? '.', 'manifest.json');
      const detail = internalError({ file, range: FILE_START }, 'the cloud assembly', error).message.replace(/ \(run with --debug[^)]*\)$/, '');
      const finding: AssemblyFinding = {
        ruleId: PARSE_ERROR,
        severity: 'error',
        message: detail,
        location: { file, range: FILE_START },
        related: [],
        fingerprint: '',
      };
      return { success: false, violations: [violationOf(finding)], pluginVersion: this.version };
    }
  }

  private check(context: ValidationContext): CredlintReport {
    const dir = assemblyDirectory(context);
    if (dir === undefined) return { success: true, violations: [] };
    const checked = checkAssembly(dir, this.options);
    const shown = [...checked.findings.filter((finding) => !finding.suppression && inScope(finding, context)), ...checked.problems];
    const violations = shown.map(violationOf);
    return {
      success: !shown.some((finding) => finding.severity === 'error'),
      violations,
      pluginVersion: this.version,
    };
  }
}
