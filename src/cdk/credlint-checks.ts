import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IConstruct } from 'constructs';
import type { Stack, Stage } from 'aws-cdk-lib';
import { requireOptional } from '../core/optional-package.js';
import { checkAssembly, checkedOptions, type CredlintCdkOptions } from './check-assembly.js';
import { PLUGIN_NAME } from './credlint-plugin.js';

type Cdk = typeof import('aws-cdk-lib');
type Json = Record<string, unknown>;

/** `Stack._toCloudFormation()`: the resolved template the stack's synthesizer writes (a protected method of aws-cdk-lib's `Stack`, there since v1). */
interface RenderableStack {
  _toCloudFormation(): Json;
}

function isRenderable(stack: Stack): boolean {
  return typeof (stack as unknown as Partial<RenderableStack>)._toCloudFormation === 'function';
}

/** Metadata type the CDK records `Validations.of(x).acknowledge(...)` under (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/** Whether `Validations.of(scope).acknowledge({ id: 'credlint::<rule>' })` was called on the construct or one of its scopes. */
function acknowledged(construct: IConstruct, ruleId: string): boolean {
  const id = `${PLUGIN_NAME}::${ruleId}`;
  return construct.node.scopes.some((scope) =>
    scope.node.metadata.some((entry) => entry.type === ACKNOWLEDGED_RULES && typeof entry.data === 'object' && entry.data !== null && id in entry.data),
  );
}

/**
 * Writes the Stage's stacks as a cloud assembly, the way `cdk synth` lays one out (a manifest naming
 * each stack's template and, per construct path, its logical id; nested stacks by
 * `aws:cdk:templateFile`; each Stage inside it as a nested assembly `assembly-<id>`), so the CLI's
 * assembly loader reads it. The Stages inside were synthesized before this one is validated, so their
 * templates are final.
 */
function writeStageAssembly(cdk: Cdk, stage: Stage, dir: string): void {
  const stacks = stage.node.findAll().filter((c): c is Stack => cdk.Stack.isStack(c) && cdk.Stage.of(c) === stage);
  const artifacts: Json = {};
  const topLevel = (stack: Stack): Stack => (stack.nestedStackParent ? topLevel(stack.nestedStackParent) : stack);
  const metadataOf = new Map<Stack, Record<string, { type: string; data: string }[]>>();
  for (const stack of stacks) {
    if (!isRenderable(stack)) throw new Error('credlint/cdk: this aws-cdk-lib cannot render stack templates (Stack._toCloudFormation is missing)');
    const template = (stack as unknown as RenderableStack)._toCloudFormation();
    const resources = (template.Resources ?? {}) as Record<string, Json>;
    // The parent's nested-stack resource names the nested template, as `cdk synth` writes it with asset
    // metadata (on by default in the CDK CLI), so its parameters link into the nested stack.
    for (const child of stacks.filter((s) => s.nestedStackParent === stack && s.nestedStackResource)) {
      const resource = resources[stack.resolve(child.nestedStackResource?.logicalId) as string];
      if (resource)
        resource.Metadata = { ...(resource.Metadata as Json | undefined), 'aws:asset:path': child.templateFile, 'aws:asset:property': 'TemplateURL' };
    }
    writeFileSync(path.join(dir, stack.templateFile), JSON.stringify(template));
    const metadata = metadataOf.get(topLevel(stack)) ?? {};
    metadataOf.set(topLevel(stack), metadata);
    if (stack.nestedStackParent) metadata[`/${stack.node.path}`] = [{ type: 'aws:cdk:templateFile', data: stack.templateFile }];
  }
  for (const construct of stage.node.findAll()) {
    if (!cdk.CfnElement.isCfnElement(construct) || cdk.Stage.of(construct) !== stage) continue;
    const owner = cdk.Stack.of(construct);
    const metadata = metadataOf.get(topLevel(owner));
    if (metadata) (metadata[`/${construct.node.path}`] ??= []).push({ type: 'aws:cdk:logicalId', data: owner.resolve(construct.logicalId) as string });
  }
  for (const [stack, metadata] of metadataOf) {
    const account = cdk.Token.isUnresolved(stack.account) ? 'unknown-account' : stack.account;
    const region = cdk.Token.isUnresolved(stack.region) ? 'unknown-region' : stack.region;
    artifacts[stack.artifactId] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${account}/${region}`,
      properties: { templateFile: stack.templateFile },
      displayName: stack.node.path,
      metadata,
    };
  }
  for (const inner of stage.node.findAll().filter((c): c is Stage => cdk.Stage.isStage(c) && c.parentStage === stage)) {
    const directoryName = `assembly-${inner.artifactId}`;
    mkdirSync(path.join(dir, directoryName));
    writeStageAssembly(cdk, inner, path.join(dir, directoryName));
    artifacts[inner.artifactId] = { type: 'cdk:cloud-assembly', properties: { directoryName, displayName: inner.node.path } };
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '1.0.0', artifacts }));
}

/**
 * What the checks of one app have reported, by rule and construct path: a Stage's own check annotates
 * its findings, and the check of a Stage around it reports only what no check reported yet.
 */
const reported = new WeakMap<IConstruct, Set<string>>();

function reportedIn(stage: Stage): Set<string> {
  const root = stage.node.root;
  const found = reported.get(root) ?? new Set<string>();
  reported.set(root, found);
  return found;
}

/** The construct a finding is about: the L2 construct when the resource is its default child `Resource`. */
function constructAt(stage: Stage, constructPath: string): IConstruct | undefined {
  const found = stage.node.findAll().find((c) => c.node.path === constructPath);
  if (found?.node.id === 'Resource' && found.node.scope) return found.node.scope;
  return found;
}

/**
 * credlint as a CDK Aspect (docs/cdk.md): `Aspects.of(app).add(new CredlintChecks())`. Once the CDK
 * has prepared the Stage (after every Aspect ran, before templates are written) it renders the Stage's
 * templates, checks them with the CLI's loader and rules, and adds an error annotation (a warning for
 * a rule set to `warning`) on each offending access-key construct, which `cdk synth` prints with the
 * construct path and fails on. A Stage is its own cloud assembly, synthesized before its App's
 * Aspects run: add the Aspect to each Stage to annotate its constructs; the App's check covers the
 * Stages too, failing synthesis on what no Stage's check could annotate.
 */
export class CredlintChecks {
  private readonly stages = new WeakSet<IConstruct>();
  private readonly options: CredlintCdkOptions;

  constructor(options: CredlintCdkOptions = {}) {
    this.options = checkedOptions(options);
  }

  visit(node: IConstruct): void {
    const cdk = requireOptional('aws-cdk-lib');
    const stage = cdk.Stage.isStage(node) ? node : cdk.Stage.of(node);
    if (!stage || this.stages.has(stage)) return;
    this.stages.add(stage);
    // Construct validations run after Aspects and preparation, before synthesis writes anything:
    // the last moment the templates are final and annotations still reach the cloud assembly.
    stage.node.addValidation({ validate: () => this.check(cdk, stage) });
  }

  /**
   * Annotates the findings in the Stage's own stacks. A finding inside an inner Stage that no check
   * has reported (the inner Stage has no `CredlintChecks`, or the finding spans Stages: one user keyed
   * in two Stages of the same account) can no longer be annotated — the CDK has written the inner
   * assembly — so at severity `error` it is returned as a validation error, which fails synthesis
   * with the construct path in the message.
   */
  private check(cdk: Cdk, stage: Stage): string[] {
    const errors: string[] = [];
    const seen = reportedIn(stage);
    const dir = mkdtempSync(path.join(tmpdir(), 'credlint-cdk-'));
    try {
      writeStageAssembly(cdk, stage, dir);
      const checked = checkAssembly(dir, this.options);
      // The CDK reports annotations of constructs inside stacks: a template that could not be analysed is reported on its stack.
      const stacks = stage.node.findAll().filter((c): c is Stack => cdk.Stack.isStack(c) && cdk.Stage.of(c) === stage);
      for (const problem of checked.problems) {
        // A template of an inner Stage that could not be analysed cannot be annotated any more.
        if (path.dirname(problem.location.file) !== dir) {
          errors.push(`credlint/${problem.ruleId}: ${problem.message}`);
          continue;
        }
        const stack = stacks.find((s) => path.basename(problem.location.file) === s.templateFile) ?? stacks[0] ?? stage;
        cdk.Annotations.of(stack).addError(`credlint/${problem.ruleId}: ${problem.message}`);
      }
      for (const finding of checked.findings) {
        if (finding.suppression) continue;
        const target = (finding.constructPath === undefined ? undefined : constructAt(stage, finding.constructPath)) ?? stage;
        if (acknowledged(target, finding.ruleId)) continue;
        const key = `${finding.ruleId}\0${finding.constructPath ?? ''}`;
        const inner = target !== stage && cdk.Stage.of(target) !== stage;
        if (inner && (finding.severity !== 'error' || seen.has(key))) continue;
        seen.add(key);
        if (inner) {
          errors.push(`credlint/${finding.ruleId} at /${finding.constructPath ?? ''}: ${finding.message}`);
          continue;
        }
        const annotations = cdk.Annotations.of(target);
        if (finding.severity === 'error') annotations.addError(`credlint/${finding.ruleId}: ${finding.message}`);
        else if (finding.severity === 'warning') annotations.addWarningV2(`credlint/${finding.ruleId}`, finding.message);
        else annotations.addInfo(`credlint/${finding.ruleId}: ${finding.message}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return errors;
  }
}
