import path from 'node:path';
import type { LimitName, Limits } from '../core/limits.js';
import type { SourceLocation } from '../core/location.js';
import type { Decorate, ResourceDecoration } from './resource-decoration.js';
import type { StackPlacement } from './stack-placement.js';
import { TemplateEvaluator } from './evaluate-intrinsics.js';
import { ResourceConditions } from './resource-conditions.js';
import { TRUE, type ConditionWork } from '../core/exclusive-conditions.js';
import type { ResourceHooks } from './evaluator-hooks.js';
import type { NestedTemplateSource } from './nested-template-path.js';
import { NESTED_STACK_TYPES, nestedTemplateSource } from './nested-template-path.js';
import type { MapEntry, TemplateDocument, TemplateNode } from './template-node.js';
import { child, fileOf, locationOf, scalarString } from './template-node.js';
import { expandSection, isLoop, type UnknownLoop } from './expand-for-each.js';
import { propertyEntry } from './resource-properties.js';
import type { UnitBudget } from './unit-budget.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown, UserReference, secretUnknown } from './template-values.js';

/** What a stack needs from the unit being built: nested templates, and a place for notes. */
export interface StackEnvironment {
  /** The first template document of a nested stack's file (named by `parentFile`), or a reason it cannot be read. */
  loadNested(file: string, parentFile: string): TemplateDocument | { readonly error: string };
  decorateFor(file: string): Decorate | undefined;
  note(location: SourceLocation, message: string): void;
  /** Every stack instance of the unit registers itself, so that exports can be found. */
  register(stack: StackInstance): void;
  /** The value a stack of the unit exports under a name (`Outputs.*.Export.Name`), if any. */
  importValue(exportName: string): TemplateValue | undefined;
  /** What the unit may still spend. */
  readonly budget: UnitBudget;
  /** A diagnostic that is not a note (a nested stack cycle). */
  error(location: SourceLocation, message: string): void;
  /** The real path of a template file (through symlinks), to recognise the same template under two names. */
  realPath(file: string): string;
}

/**
 * One deployed stack: a template document with the parameter values it was given. A nested stack is
 * a child instance with the values of its parent's `Parameters` property; the same template nested
 * twice is two instances (two stacks are deployed).
 */
export class StackInstance implements ResourceHooks {
  readonly evaluator: TemplateEvaluator;
  /** When its resources exist and their optional properties are there. */
  readonly conditions: ResourceConditions;
  private readonly children = new Map<string, StackInstance | undefined>();
  private readonly namesInProgress = new Set<string>();
  /** Memoised: a name or output referenced from many places (a DAG of `Ref`s) is evaluated once. */
  private readonly userNames = new Map<string, TemplateValue>();
  private readonly outputs = new Map<string, TemplateValue>();
  private exports: ReadonlyMap<string, TemplateNode> | undefined;
  private readonly exportValues = new Map<string, TemplateValue>();
  private expanded: readonly MapEntry[] | undefined;
  private byId: ReadonlyMap<string, MapEntry> | undefined;
  private expanding = false;
  /** Resources standing for the copies of a loop whose collection is not known (`expand-for-each.ts`). */
  private readonly placeholders = new Map<MapEntry, UnknownLoop>();
  /** `Conditions` and `Outputs` with their `Fn::ForEach` loops expanded, by name (once each, when first asked). */
  private readonly sections = new Map<'Conditions' | 'Outputs', ReadonlyMap<string, TemplateNode>>();
  private readonly sectionsExpanding = new Set<'Conditions' | 'Outputs'>();

  readonly document: TemplateDocument;
  readonly idPrefix: string;
  readonly addressPrefix: string;
  readonly deploymentPrefix: string;
  readonly existenceUnknown: string | undefined;
  readonly enclosing: readonly SourceLocation[];
  private readonly ancestry: readonly string[];
  readonly inlineStackSets: ReadonlySet<string> | undefined;

  constructor(
    private readonly env: StackEnvironment,
    stack: StackPlacement,
  ) {
    this.document = stack.document;
    this.idPrefix = stack.idPrefix;
    this.addressPrefix = stack.addressPrefix;
    this.deploymentPrefix = stack.deploymentPrefix;
    this.existenceUnknown = stack.existenceUnknown;
    this.enclosing = stack.enclosing;
    this.ancestry = stack.ancestry;
    this.inlineStackSets = stack.inlineStackSets;
    // Only a root stack's parameters can be given at deployment; a nested stack's come from its parent alone.
    this.evaluator = new TemplateEvaluator(stack.document.root, stack.supplied, this, stack.suppliedBy, stack.ancestry.length === 0);
    this.conditions = new ResourceConditions(
      this.evaluator,
      stack.idPrefix,
      stack.existenceUnknown,
      stack.existsWhen,
      (resource) => this.placeholders.get(resource),
      (node) => this.conditionWork(node),
    );
    env.register(this);
  }

  get file(): string {
    return this.document.file;
  }

  get limits(): Limits {
    return this.env.budget.limits;
  }

  spendPatternMatch(amount: number): boolean {
    return this.env.budget.spendPatternMatch(amount);
  }

  spendBuilt(amount: number): boolean {
    return this.env.budget.spendBuilt(amount);
  }

  conditionWork(node: TemplateNode): ConditionWork {
    return (steps) =>
      this.env.budget.spendConditionWork(steps, (name, what) => {
        this.limitReached(node, name, what);
      });
  }

  limitReached(node: TemplateNode, name: LimitName, what: string): void {
    this.env.budget.exceeded(locationOf(fileOf(this.file, node), node.range), name, what);
  }

  /** The resources, with `Fn::ForEach` loops expanded (once). */
  resources(): readonly MapEntry[] {
    if (this.expanded) return this.expanded;
    const section = child(this.document.root, 'Resources');
    const written = section?.kind === 'map' ? section.entries : [];
    // While a loop's collection is evaluated, references see the resources written outside loops.
    if (this.expanding) return written.filter((e) => !isLoop(e));
    this.expanding = true;
    const all = this.expand('Resources', written);
    this.expanding = false;
    // Every stack of the unit spends from one resource budget (a template nested many times).
    const granted = this.env.budget.takeResources(all.length);
    const expanded = granted < all.length ? all.slice(0, granted) : all;
    const firstLeftOut = all[granted];
    if (firstLeftOut) {
      this.env.budget.exceeded(
        this.resourceLocation(firstLeftOut),
        'unitResources',
        'the stacks of this unit declare or generate too many resources together; the rest are not analysed',
      );
    }
    this.expanded = expanded;
    this.userNames.clear();
    this.byId = new Map(expanded.map((e) => [e.key, e]));
    return expanded;
  }

  /** A section's entries with its `Fn::ForEach` loops expanded. */
  private expand(section: 'Resources' | 'Conditions' | 'Outputs', written: readonly MapEntry[]): MapEntry[] {
    const budget = {
      limits: this.limits,
      exceeded: (at: SourceLocation, name: LimitName, what: string) => {
        this.env.budget.exceeded(at, name, what);
      },
    };
    const note = (at: SourceLocation, message: string): void => {
      this.env.note(at, message);
    };
    const placeholder = (entry: MapEntry, loop: UnknownLoop): void => {
      this.placeholders.set(entry, loop);
    };
    return expandSection(section, written, this.file, (node) => this.evaluator.evaluate(node), note, budget, section === 'Resources' ? placeholder : undefined);
  }

  /** The loop of unknown collection a resource stands for the copies of, if it does. */
  placeholderOf(resource: MapEntry): UnknownLoop | undefined {
    return this.placeholders.get(resource);
  }

  /**
   * The entries of `Conditions` or `Outputs`, by name, including those `Fn::ForEach` generates
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach-example-conditions.html).
   * While a loop's collection is evaluated, the section's entries written outside loops are seen.
   */
  sectionEntries(section: 'Conditions' | 'Outputs'): ReadonlyMap<string, TemplateNode> {
    const known = this.sections.get(section);
    if (known) return known;
    const node = child(this.document.root, section);
    const written = node?.kind === 'map' ? node.entries : [];
    const loops = written.some(isLoop);
    if (loops && this.sectionsExpanding.has(section)) return byName(written.filter((e) => !isLoop(e)));
    this.sectionsExpanding.add(section);
    const entries = byName(loops ? this.expand(section, written) : written);
    this.sectionsExpanding.delete(section);
    this.sections.set(section, entries);
    return entries;
  }

  conditionDefinition(name: string): TemplateNode | undefined {
    return this.sectionEntries('Conditions').get(name);
  }

  /** A resource by logical id, including those generated by `Fn::ForEach`. */
  resource(logicalId: string): MapEntry | undefined {
    if (!this.byId) {
      const all = this.resources();
      if (this.expanding) return all.find((e) => e.key === logicalId);
    }
    return this.byId?.get(logicalId);
  }

  resourceId(logicalId: string): string {
    return `${this.idPrefix}Resources.${logicalId}`;
  }

  resourceLocation(resource: MapEntry): SourceLocation {
    return locationOf(fileOf(this.file, resource), resource.keyRange, `Resources.${resource.key}`);
  }

  decoration(resource: MapEntry): ResourceDecoration {
    const given = this.env.decorateFor(this.file)?.(resource.key);
    // Synthesized CDK templates carry the construct path in resource metadata when path metadata is on.
    const written = scalarString(child(child(resource.value, 'Metadata'), 'aws:cdk:path'));
    const constructPath = given?.constructPath ?? written;
    return {
      ...(constructPath !== undefined ? { constructPath } : {}),
      ...(given?.createdAt ? { createdAt: given.createdAt } : {}),
      ...(given?.account ? { account: given.account } : {}),
    };
  }

  ref(logicalId: string, type: string): TemplateValue {
    if (type === 'AWS::IAM::User') return this.userName(logicalId);
    return new Unknown(`Ref ${logicalId} (${type || 'resource'}) is only known at deploy time`);
  }

  getAtt(logicalId: string, type: string, attribute: string): TemplateValue {
    if (NESTED_STACK_TYPES.has(type) && attribute.startsWith('Outputs.')) {
      const nested = this.nested(logicalId);
      if (nested) return nested.output(attribute.slice('Outputs.'.length));
    }
    return new Unknown(`Fn::GetAtt ${logicalId}.${attribute} is only known at deploy time`);
  }

  /** `Ref` of a user is its `UserName`; without one CloudFormation generates the name. */
  private userName(logicalId: string): TemplateValue {
    const known = this.userNames.get(logicalId);
    if (known !== undefined) return known;
    const value = this.evaluateUserName(logicalId);
    // Not remembered while Fn::ForEach loops are being expanded: resources they generate are not visible yet.
    if (this.expanded) this.userNames.set(logicalId, value);
    return value;
  }

  private evaluateUserName(logicalId: string): TemplateValue {
    const userId = this.resourceId(logicalId);
    const address = `${this.addressPrefix}${logicalId}`;
    if (this.namesInProgress.has(logicalId)) return new Unknown(`the name of user ${address} refers to itself`);
    const resource = this.resource(logicalId);
    const node = resource ? propertyEntry(resource, 'UserName')?.value : undefined;
    this.namesInProgress.add(logicalId);
    const value = node ? this.evaluator.evaluate(node) : NO_VALUE;
    this.namesInProgress.delete(logicalId);
    if (typeof value === 'string') return value;
    if (value === NO_VALUE) return new UserReference(userId, `the name of user ${address} is generated by CloudFormation`);
    if (value instanceof Unknown) return new UserReference(userId, value.reason);
    if (value instanceof Secret) return new UserReference(userId, secretUnknown(value).reason);
    return new UserReference(userId, `the UserName of ${address} is not a string`);
  }

  importValue(exportName: string): TemplateValue | undefined {
    return this.env.importValue(exportName);
  }

  /** The value of the output this stack exports under `exportName`, if it does. */
  exportedValue(exportName: string): TemplateValue | undefined {
    if (!this.exports) {
      const exports = new Map<string, TemplateNode>();
      for (const output of this.sectionEntries('Outputs').values()) {
        const nameNode = child(child(output, 'Export'), 'Name');
        const value = child(output, 'Value');
        const name = nameNode && value ? this.evaluator.evaluate(nameNode) : undefined;
        if (typeof name === 'string' && value && !exports.has(name)) exports.set(name, value);
      }
      this.exports = exports;
    }
    const node = this.exports.get(exportName);
    if (!node) return undefined;
    const known = this.exportValues.get(exportName);
    if (known !== undefined) return known;
    const value = this.evaluator.evaluate(node);
    this.exportValues.set(exportName, value);
    return value;
  }

  private output(name: string): TemplateValue {
    const known = this.outputs.get(name);
    if (known !== undefined) return known;
    const value = child(this.sectionEntries('Outputs').get(name), 'Value');
    // Named by the nested stack (`Parent/Child`), not the file: messages carry no absolute paths (README, "Output formats").
    const result = value ? this.evaluator.evaluate(value) : new Unknown(`nested stack ${this.addressPrefix.slice(0, -1)} declares no output ${name}`);
    this.outputs.set(name, result);
    return result;
  }

  /** Notes something of this stack that is not analysed. */
  note(location: SourceLocation, message: string): void {
    this.env.note(location, message);
  }

  /** Notes, at its logical id, a resource credlint does not analyse (a module: `moduleResourceNote`). */
  noteResource(resource: MapEntry, message: string): void {
    this.env.note(this.resourceLocation(resource), message);
  }

  /** The stack instance of a nested stack resource, created once; undefined when not analysable. */
  nested(logicalId: string): StackInstance | undefined {
    if (this.children.has(logicalId)) return this.children.get(logicalId);
    this.children.set(logicalId, undefined);
    const resource = this.resource(logicalId);
    const source = resource ? nestedTemplateSource(this.file, resource, this.env.decorateFor(this.file)?.(logicalId)?.nestedTemplate) : undefined;
    const instance = resource && source ? this.openNested(resource, source) : undefined;
    this.children.set(logicalId, instance);
    return instance;
  }

  private openNested(resource: MapEntry, source: NestedTemplateSource): StackInstance | undefined {
    const at = source.property ? locationOf(fileOf(this.file, source.property), source.property.keyRange) : this.resourceLocation(resource);
    if (source.kind === 'remote') {
      this.env.note(at, `nested stack ${resource.key}: its template (${source.where}) is not a local file; not analysed`);
      return undefined;
    }
    // `aws cloudformation package` uploads the local templates of the template's own resources; a
    // snippet is uploaded as it is, so a path in it reaches CloudFormation as a path (`template-includes.ts`).
    if (resource.file !== undefined) {
      this.env.note(
        at,
        `nested stack ${resource.key}: written in an AWS::Include snippet, where aws cloudformation package does not upload its local template; not analysed`,
      );
      return undefined;
    }
    // Named relative to the parent template: messages carry no absolute paths (README, "Output formats").
    // A path that leaves the template's directory is named as the template writes it: `/etc/hostname`
    // was named `../../../../etc/hostname`, which told how deep the checkout lies on the CI machine.
    const relative = path.relative(path.dirname(this.file), source.file).split(path.sep).join('/');
    const written = source.written !== undefined && (path.isAbsolute(source.written) || relative.startsWith('..')) ? source.written : relative;
    // A stack cannot contain itself: CloudFormation would recurse forever. Caught at the first repeat,
    // by real path (a symlink or `./x/../t.yaml` is the same template), before anything is counted twice.
    const chain = [...this.ancestry, this.env.realPath(this.file)];
    const repeat = chain.indexOf(this.env.realPath(source.file));
    if (repeat !== -1) {
      const names = [...chain.slice(repeat), chain[repeat] as string].map(
        (f) => path.relative(path.dirname(this.file), f).split(path.sep).join('/') || path.basename(f),
      );
      this.env.error(at, `nested stack ${resource.key}: template ${written} nests itself (${names.join(' -> ')}); the cycle is not followed`);
      return undefined;
    }
    if (chain.length > this.limits.nestedStackDepth) {
      this.env.budget.exceeded(at, 'nestedStackDepth', `nested stack ${resource.key} is nested too deep; it is not analysed`);
      return undefined;
    }
    if (this.env.budget.pastDeadline()) {
      this.env.budget.exceeded(
        at,
        'scanSeconds',
        `the scan deadline passed; nested stack ${resource.key} and the rest of this unit's nested stacks are not analysed`,
      );
      return undefined;
    }
    if (!this.env.budget.takeNestedStack()) {
      this.env.budget.exceeded(
        at,
        'nestedStacks',
        `nested stack ${resource.key} is one nested stack instance too many in this unit; it and the rest are not analysed`,
      );
      return undefined;
    }
    const document = this.env.loadNested(source.file, this.file);
    if ('error' in document) {
      // Quoted: a path written as a bare word (`TemplateURL: String`) reads as part of the sentence otherwise.
      this.env.note(at, `nested stack ${resource.key}: template "${written}" ${document.error}; not analysed`);
      return undefined;
    }
    const existence = this.conditions.existence(resource);
    const parameters = new Map<string, TemplateValue>();
    const given = this.conditions.presence(propertyEntry(resource, 'Parameters')?.value);
    if (given instanceof Unknown) {
      this.env.note(at, `nested stack ${resource.key}: its Parameters are unknown (${given.reason})`);
    } else if (given !== 'absent' && given.node.kind === 'map') {
      for (const e of given.node.entries) {
        const value = this.evaluator.evaluate(e.value);
        // A parameter left out by `AWS::NoValue` takes the nested template's Default.
        const agreeing = value instanceof Unknown ? this.conditions.agreeingString(e.value, parameterDefault(document, e.key)) : undefined;
        if (value !== NO_VALUE) parameters.set(e.key, agreeing ?? value);
      }
    }
    return new StackInstance(this.env, {
      document,
      idPrefix: `${this.idPrefix}Resources.${resource.key}.`,
      addressPrefix: `${this.addressPrefix}${resource.key}/`,
      deploymentPrefix: this.deploymentPrefix,
      supplied: parameters,
      suppliedBy: `nested stack ${this.addressPrefix}${resource.key}`,
      existenceUnknown: existence instanceof Unknown ? existence.reason : undefined,
      existsWhen: existence instanceof Unknown ? this.conditions.existsWhen(resource) : TRUE,
      enclosing: [this.resourceLocation(resource), ...this.enclosing],
      ancestry: chain,
    });
  }
}

/** A parameter's `Default` written as a plain string in a template. */
function parameterDefault(document: TemplateDocument, name: string): string | undefined {
  return scalarString(child(child(child(document.root, 'Parameters'), name), 'Default'));
}

/** Entries by key; of two entries with one key, the first (as `child` finds it). */
function byName(entries: readonly MapEntry[]): ReadonlyMap<string, TemplateNode> {
  const map = new Map<string, TemplateNode>();
  for (const e of entries) if (!map.has(e.key)) map.set(e.key, e.value);
  return map;
}
