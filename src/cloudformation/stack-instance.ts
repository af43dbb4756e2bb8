import type { SourceLocation } from '../core/location.js';
import { TemplateEvaluator } from './evaluate-intrinsics.js';
import type { ResourceHooks, Truth } from './evaluate-intrinsics.js';
import type { NestedTemplateSource } from './nested-template-path.js';
import { NESTED_STACK_TYPES, nestedTemplateSource } from './nested-template-path.js';
import type { MapEntry, TemplateDocument, TemplateNode } from './template-node.js';
import { child, locationOf, resourceEntry, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Unknown, UserReference } from './template-values.js';

/** Per-resource extras a caller can attach (the CDK assembly loader: construct path, creation site). */
export interface ResourceDecoration {
  readonly constructPath?: string;
  readonly createdAt?: SourceLocation;
}

export type Decorate = (logicalId: string) => ResourceDecoration | undefined;

/** What a stack needs from the unit being built: nested templates, and a place for notes. */
export interface StackEnvironment {
  /** The first template document of a nested stack's file, or a reason it cannot be read. */
  loadNested(file: string): TemplateDocument | { readonly error: string };
  decorateFor(file: string): Decorate | undefined;
  note(location: SourceLocation, message: string): void;
}

/** Nested stacks deeper than this are not followed (a loop through differently named copies). */
const MAX_NESTING = 16;

/**
 * One deployed stack: a template document with the parameter values it was given. A nested stack is
 * a child instance with the values of its parent's `Parameters` property; the same template nested
 * twice is two instances (two stacks are deployed).
 */
export class StackInstance implements ResourceHooks {
  readonly evaluator: TemplateEvaluator;
  private readonly children = new Map<string, StackInstance | undefined>();
  private readonly namesInProgress = new Set<string>();

  constructor(
    private readonly env: StackEnvironment,
    readonly document: TemplateDocument,
    /** Prefix of model ids (`''`, `Resources.Child.`), unique within the unit. */
    readonly idPrefix: string,
    /** Prefix of user-facing addresses (`''`, `Child/`). */
    readonly addressPrefix: string,
    supplied: ReadonlyMap<string, TemplateValue>,
    suppliedBy: string,
    /** Why this whole stack may not exist (its nested stack resource has an unknown `Condition`). */
    readonly existenceUnknown: string | undefined,
    /** The nested stack resources that lead here, innermost first (suppression anchors). */
    readonly enclosing: readonly SourceLocation[],
    private readonly ancestry: readonly string[],
  ) {
    this.evaluator = new TemplateEvaluator(document.root, supplied, this, suppliedBy);
  }

  get file(): string {
    return this.document.file;
  }

  resources(): readonly MapEntry[] {
    const resources = child(this.document.root, 'Resources');
    return resources?.kind === 'map' ? resources.entries : [];
  }

  resourceId(logicalId: string): string {
    return `${this.idPrefix}Resources.${logicalId}`;
  }

  resourceLocation(resource: MapEntry): SourceLocation {
    return locationOf(this.file, resource.keyRange, `Resources.${resource.key}`);
  }

  decoration(resource: MapEntry): ResourceDecoration {
    const given = this.env.decorateFor(this.file)?.(resource.key);
    // Synthesized CDK templates carry the construct path in resource metadata when path metadata is on.
    const written = scalarString(child(child(resource.value, 'Metadata'), 'aws:cdk:path'));
    const constructPath = given?.constructPath ?? written;
    return {
      ...(constructPath !== undefined ? { constructPath } : {}),
      ...(given?.createdAt ? { createdAt: given.createdAt } : {}),
    };
  }

  /** Whether the resource exists: its `Condition`, and whether this stack itself exists. */
  existence(resource: MapEntry): Truth {
    const name = scalarString(child(resource.value, 'Condition'));
    const own: Truth = name === undefined ? true : this.evaluator.condition(name);
    if (own === false) return false;
    if (own instanceof Unknown) return this.existenceUnknown ? new Unknown(`${this.existenceUnknown}; ${own.reason}`) : own;
    return this.existenceUnknown ? new Unknown(this.existenceUnknown) : true;
  }

  /**
   * Whether an optional property is there, looking through `Fn::If` (whose branch may be
   * `Ref: AWS::NoValue`, removing the property).
   */
  presence(node: TemplateNode | undefined): { readonly node: TemplateNode } | 'absent' | Unknown {
    if (!node) return 'absent';
    if (node.kind === 'scalar' && node.value === null) return 'absent';
    if (node.kind === 'map' && node.entries.length === 1) {
      const only = node.entries[0];
      if (only?.key === 'Ref' && scalarString(only.value) === 'AWS::NoValue') return 'absent';
      if (only?.key === 'Fn::If' && only.value.kind === 'seq') {
        const [nameNode, whenTrue, whenFalse] = only.value.items;
        const name = scalarString(nameNode);
        if (name === undefined) return new Unknown('Fn::If needs a condition name');
        const truth = this.evaluator.condition(name);
        if (truth instanceof Unknown) return truth;
        return this.presence(truth ? whenTrue : whenFalse);
      }
    }
    return { node };
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
    const userId = this.resourceId(logicalId);
    const address = `${this.addressPrefix}${logicalId}`;
    if (this.namesInProgress.has(logicalId)) return new Unknown(`the name of user ${address} refers to itself`);
    const node = child(child(resourceEntry(this.document.root, logicalId)?.value, 'Properties'), 'UserName');
    this.namesInProgress.add(logicalId);
    const value = node ? this.evaluator.evaluate(node) : NO_VALUE;
    this.namesInProgress.delete(logicalId);
    if (typeof value === 'string') return value;
    if (value === NO_VALUE) return new UserReference(userId, `the name of user ${address} is generated by CloudFormation`);
    if (value instanceof Unknown) return new UserReference(userId, value.reason);
    return new UserReference(userId, `the UserName of ${address} is not a string`);
  }

  private output(name: string): TemplateValue {
    const value = child(child(child(this.document.root, 'Outputs'), name), 'Value');
    return value ? this.evaluator.evaluate(value) : new Unknown(`output ${name} is not declared in ${this.file}`);
  }

  /** The stack instance of a nested stack resource, created once; undefined when not analysable. */
  nested(logicalId: string): StackInstance | undefined {
    if (this.children.has(logicalId)) return this.children.get(logicalId);
    this.children.set(logicalId, undefined);
    const resource = resourceEntry(this.document.root, logicalId);
    const source = resource ? nestedTemplateSource(this.file, resource) : undefined;
    const instance = resource && source ? this.openNested(resource, source) : undefined;
    this.children.set(logicalId, instance);
    return instance;
  }

  private openNested(resource: MapEntry, source: NestedTemplateSource): StackInstance | undefined {
    const at = source.property ? locationOf(this.file, source.property.keyRange) : this.resourceLocation(resource);
    if (source.kind === 'remote') {
      this.env.note(at, `nested stack ${resource.key}: its template (${source.where}) is not a local file; not analysed`);
      return undefined;
    }
    if (this.ancestry.includes(source.file) || this.ancestry.length >= MAX_NESTING) {
      this.env.note(at, `nested stack ${resource.key}: ${source.file} is one of its own parent templates or nested too deep; not followed`);
      return undefined;
    }
    const document = this.env.loadNested(source.file);
    if ('error' in document) {
      this.env.note(at, `nested stack ${resource.key}: ${document.error}; not analysed`);
      return undefined;
    }
    const existence = this.existence(resource);
    const parameters = new Map<string, TemplateValue>();
    const given = this.presence(child(child(resource.value, 'Properties'), 'Parameters'));
    if (given instanceof Unknown) {
      this.env.note(at, `nested stack ${resource.key}: its Parameters are unknown (${given.reason})`);
    } else if (given !== 'absent' && given.node.kind === 'map') {
      for (const e of given.node.entries) {
        const value = this.evaluator.evaluate(e.value);
        if (value !== NO_VALUE) parameters.set(e.key, value);
      }
    }
    return new StackInstance(
      this.env,
      document,
      `${this.idPrefix}Resources.${resource.key}.`,
      `${this.addressPrefix}${resource.key}/`,
      parameters,
      `nested stack ${this.addressPrefix}${resource.key}`,
      existence instanceof Unknown ? existence.reason : undefined,
      [this.resourceLocation(resource), ...this.enclosing],
      [...this.ancestry, this.file],
    );
  }
}
