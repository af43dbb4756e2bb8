import { knownPartsOfOneOf } from '../core/known-parts.js';
import { MapLookups, MAX_FOUND_VALUES } from './map-lookups.js';
import { ParameterConstraints } from './parameter-constraints.js';
import { symbolicAtom } from '../core/symbolic-value.js';
import type { MapNode, TemplateNode } from './template-node.js';
import { child, intrinsicCall, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown, UserReference, asList, asString, revealSecrets, stillSecret, withoutDynamicReferences } from './template-values.js';
import { cannotBeEqual, comparable } from './compare-values.js';
import { concatenate } from './concatenate-values.js';
import { CONSTANT_REF_PREFIX, RAIN_CONSTANT, rainConstant, replaceRainConstants } from './rain-constants.js';
import type { ResourceHooks } from './evaluator-hooks.js';

/**
 * Evaluates CloudFormation intrinsic functions as far as a template alone allows, for linking keys to
 * users and for `Status` and `Condition`s.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

/** Pseudo parameters have no value before deployment; `AWS::NoValue` removes a property. */
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export type Truth = boolean | Unknown;

export class TemplateEvaluator {
  private readonly conditionCache = new Map<string, Truth>();
  private readonly conditionsInProgress = new Set<string>();
  /** Parameter values, computed once (a parameter may be referenced from thousands of places). */
  private readonly parameterCache = new Map<string, TemplateValue>();
  /** What a String parameter's constraints tell of a value not known. */
  private readonly constraints: ParameterConstraints;
  /** What `Fn::FindInMap` finds under keys not known (`foundUnderUnknownKeys`). */
  private readonly mappings: MapLookups;

  constructor(
    private readonly root: MapNode,
    /** Parameter values given from outside (`--parameter`, or a parent stack's `Parameters`). */
    private readonly supplied: ReadonlyMap<string, TemplateValue>,
    private readonly hooks: ResourceHooks,
    /** Says where supplied values came from, for messages (`--parameter`, `nested stack Child`). */
    private readonly suppliedBy: string,
  ) {
    this.mappings = new MapLookups(root);
    this.constraints = new ParameterConstraints(hooks);
  }

  evaluate(node: TemplateNode): TemplateValue {
    if (node.kind === 'scalar') {
      if (node.value === null) return NO_VALUE;
      return withoutDynamicReferences(String(node.value));
    }
    if (node.kind === 'seq') return node.items.map((item) => this.evaluate(item)).filter((v) => v !== NO_VALUE);
    const call = intrinsicCall(node);
    if (call) return this.call(call.name, call.arg);
    const entries: [string, TemplateValue][] = [];
    for (const e of node.entries) {
      const value = this.evaluate(e.value);
      if (value !== NO_VALUE) entries.push([e.key, value]);
    }
    // Built from entries so that a key named `__proto__` stays an ordinary key.
    return Object.fromEntries(entries);
  }

  /** The definition of a named condition (including those `Fn::ForEach` generates). */
  conditionDefinition(name: string): TemplateNode | undefined {
    return this.hooks.conditionDefinition(name);
  }

  /** The truth of a named condition in `Conditions`; unknown when it depends on an unknown value. */
  condition(name: string): Truth {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.hooks.conditionDefinition(name);
    if (!definition) return new Unknown(`condition ${name} is not declared`);
    if (this.conditionsInProgress.has(name)) return new Unknown(`condition ${name} depends on itself`);
    this.conditionsInProgress.add(name);
    const truth = this.truth(definition);
    this.conditionsInProgress.delete(name);
    const result = truth instanceof Unknown ? new Unknown(`condition ${name} is unknown: ${truth.reason}`) : truth;
    this.conditionCache.set(name, result);
    return result;
  }

  /**
   * Whether a resource with this `Condition` attribute exists: the named condition's truth. With the
   * AWS::LanguageExtensions transform the name may be computed by an intrinsic function (in a
   * `Fn::ForEach` loop, `!FindInMap [Map, Key, !Ref Id, { DefaultValue: !Ref AWS::NoValue }]`), and
   * `AWS::NoValue` leaves the resource without a condition.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-foreach-example-resource.html
   */
  resourceCondition(node: TemplateNode): Truth {
    if (node.kind === 'scalar') return node.value === null ? true : this.condition(String(node.value));
    if (node.kind !== 'map' || !intrinsicCall(node)) return new Unknown('a resource Condition is not a condition name');
    const value = this.evaluate(node);
    if (value === NO_VALUE) return true;
    const name = asString(value, 'the name of the resource Condition');
    return name instanceof Unknown ? new Unknown(name.reason) : this.condition(name);
  }

  /** A condition function (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`). */
  truth(node: TemplateNode): Truth {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    const call = intrinsicCall(node);
    if (!call) return new Unknown('a condition is not a condition function');
    const args = call.arg.kind === 'seq' ? call.arg.items : [call.arg];
    switch (call.name) {
      case 'Condition': {
        const name = scalarString(call.arg);
        return name === undefined ? new Unknown('Condition needs a condition name') : this.condition(name);
      }
      case 'Fn::Equals': {
        const [a, b] = args.map((arg) => this.evaluate(arg));
        if (a === undefined || b === undefined) return new Unknown('Fn::Equals needs two values');
        const left = comparable(a);
        const right = comparable(b);
        if (cannotBeEqual(left, right)) return false;
        if (left instanceof Unknown) return left;
        if (right instanceof Unknown) return right;
        return left === right;
      }
      case 'Fn::Not': {
        const inner = args[0] ? this.truth(args[0]) : new Unknown('Fn::Not needs a condition');
        return inner instanceof Unknown ? inner : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        // Three-valued logic: one false decides And, one true decides Or, whatever else is unknown.
        const decisive = call.name === 'Fn::Or';
        let unknown: Unknown | undefined;
        for (const arg of args) {
          const t = this.truth(arg);
          if (t === decisive) return decisive;
          if (t instanceof Unknown) unknown ??= t;
        }
        return unknown ?? !decisive;
      }
      default:
        return new Unknown(`${call.name} is not a condition function`);
    }
  }

  /**
   * What is known of an unknown string (the literal text of a Fn::Sub or Fn::Join around unknown
   * parts) survives only functions whose value is that string itself (`Ref`, `Fn::If`, ...), not one
   * computed from it (`Fn::Select` of a `Fn::Split`, `Fn::GetAtt`).
   */
  private call(name: string, arg: TemplateNode): TemplateValue {
    const value = this.callFunction(name, arg);
    if (!(value instanceof Unknown) || (value.known === undefined && value.symbol === undefined) || KEEPS_KNOWN_PARTS.has(name)) return value;
    return new Unknown(value.reason);
  }

  private callFunction(name: string, arg: TemplateNode): TemplateValue {
    const args = arg.kind === 'seq' ? arg.items : [arg];
    switch (name) {
      case 'Ref': {
        const target = this.logicalName(arg, 'Ref');
        return target instanceof Unknown ? target : this.ref(target);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::GetAtt':
        return this.getAtt(arg);
      case 'Fn::Join':
        return this.join(args);
      case 'Fn::Select':
        return this.select(args);
      case 'Fn::Split': {
        const [delimiter, evaluatedSource] = args.map((a) => this.evaluate(a));
        if (delimiter === undefined || evaluatedSource === undefined) return new Unknown('Fn::Split needs a delimiter and a string');
        const source = revealSecrets(evaluatedSource);
        const d = asString(delimiter, 'the Fn::Split delimiter');
        const s = asString(source.value, 'the Fn::Split source');
        if (d instanceof Unknown) return d;
        if (s instanceof Unknown) return stillSecret(s, source.secret);
        return stillSecret(this.built(arg, s.split(d), 'the list Fn::Split builds'), source.secret);
      }
      case 'Fn::FindInMap':
        return this.findInMap(args);
      case 'Fn::Length': {
        // AWS::LanguageExtensions: the number of elements of a list, written or computed (a list parameter, Fn::Split).
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-length.html
        const list = asList(this.evaluate(arg), 'the Fn::Length argument');
        return list instanceof Unknown ? new Unknown(list.reason) : String(list.length);
      }
      case 'Fn::If': {
        const [conditionName, whenTrue, whenFalse] = args;
        const name = scalarString(conditionName);
        if (name === undefined || !whenTrue || !whenFalse) return new Unknown('Fn::If needs a condition name and two values');
        const truth = this.condition(name);
        if (truth instanceof Unknown) return this.eitherBranch(truth, whenTrue, whenFalse);
        return this.evaluate(truth ? whenTrue : whenFalse);
      }
      case 'Fn::ImportValue': {
        // Stacks of one unit (a CDK app's stacks) may export values to each other; other exports
        // come from stacks deployed separately.
        const exported = asString(this.evaluate(arg), 'the export name');
        const imported = typeof exported === 'string' ? this.hooks.importValue(exported) : undefined;
        if (imported !== undefined) return imported;
        const what = typeof exported === 'string' ? ` ${exported}` : '';
        return new Unknown(`Fn::ImportValue${what} is only known at deploy time`, undefined, this.importSymbol(exported));
      }
      case RAIN_CONSTANT: {
        const constantName = scalarString(arg);
        const constant = constantName === undefined ? undefined : rainConstant(this.root, constantName);
        return constant === undefined ? new Unknown(`!Rain::Constant ${constantName ?? ''} names no constant of the Rain section`) : this.evaluate(constant);
      }
      default:
        return new Unknown(`${name} is not evaluated`);
    }
  }

  /**
   * `Fn::If` under an unknown condition is one of its two values: where both are strings (or
   * unknown strings of known `AllowedValues`), it is one of them (`!If [IsProd, prod-ci, dev-ci]`
   * ends with `-ci`, and is never `root`); otherwise nothing is known of it.
   */
  private eitherBranch(truth: Unknown, whenTrue: TemplateNode, whenFalse: TemplateNode): TemplateValue {
    const candidates = (value: TemplateValue): readonly string[] | undefined =>
      typeof value === 'string' ? [value] : value instanceof Unknown ? value.oneOf : undefined;
    const a = candidates(this.evaluate(whenTrue));
    const b = candidates(this.evaluate(whenFalse));
    if (a === undefined || b === undefined) return truth;
    const values = [...new Set([...a, ...b])];
    if (values.length === 1 && values[0] !== undefined) return values[0];
    return new Unknown(truth.reason, knownPartsOfOneOf(values), undefined, values);
  }

  private ref(name: string): TemplateValue {
    const suppliedValue = this.supplied.get(name);
    const declared = child(child(this.root, 'Parameters'), name);
    if (declared) {
      let value = this.parameterCache.get(name);
      if (value === undefined) {
        value = this.parameter(name, declared, suppliedValue);
        this.parameterCache.set(name, value);
      }
      return value;
    }
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith(CONSTANT_REF_PREFIX)) {
      const constant = rainConstant(this.root, name.slice(CONSTANT_REF_PREFIX.length));
      if (constant !== undefined) return this.evaluate(constant);
    }
    if (PSEUDO_PARAMETERS.has(name)) {
      // `--parameter AWS::Region=eu-west-1` may give a pseudo parameter the value of the target stack.
      if (suppliedValue !== undefined) return suppliedValue;
      const reason = `pseudo parameter ${name} has no value before deployment`;
      // AWS::NotificationARNs is a list, never a user name.
      return name === 'AWS::NotificationARNs' ? new Unknown(reason) : new Unknown(reason, undefined, this.symbolOf(name));
    }
    const resource = this.hooks.resource(name)?.value;
    if (resource) return this.hooks.ref(name, scalarString(child(resource, 'Type')) ?? '');
    return new Unknown(`Ref ${name} names nothing declared in the template`);
  }

  /**
   * A parameter's value: the supplied value, else its `Default`. List types are split on commas and
   * each member is trimmed of spaces; SSM parameter types hold the name of an SSM parameter whose value is read at deploy time.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
   */
  private parameter(name: string, declaration: TemplateNode, suppliedValue: TemplateValue | undefined): TemplateValue {
    const type = scalarString(child(declaration, 'Type')) ?? 'String';
    const defaultNode = child(declaration, 'Default');
    const raw: TemplateValue | undefined = suppliedValue ?? (defaultNode ? this.evaluateLiteral(defaultNode) : undefined);
    // A list parameter is never a user name; the others name one value in this stack.
    const symbol = type.includes('List') ? undefined : this.symbolOf(name);
    // CloudFormation refuses a value that is not one of AllowedValues, or that AllowedPattern does
    // not match as a whole, for a value given or passed by a parent stack as for one nobody gives: a
    // single value left is the value, several are what is known of it, and a pattern may tell how
    // every value starts or ends, or which names it never is. It also refuses a String shorter than
    // MinLength, which says nothing of what the value is. A NoEcho parameter's constraints are not
    // shown either.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    if (raw === undefined) {
      const reason = `parameter ${name} has no value (no Default, not given by ${this.suppliedBy})`;
      return this.constraints.narrowed(new Unknown(reason, undefined, symbol), type, declaration);
    }
    if (raw instanceof Unknown && type === 'String') return this.constraints.narrowed(raw, type, declaration);
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      const noEcho = scalarString(child(declaration, 'NoEcho'))?.toLowerCase() === 'true';
      const where = typeof raw === 'string' && !noEcho ? raw : '(not shown)';
      return new Unknown(`parameter ${name} is read from SSM parameter ${where} at deploy time`, undefined, symbol);
    }
    // "Each member string is space trimmed": a Default of "ops, root" is ["ops", "root"].
    const value = (type === 'CommaDelimitedList' || type.startsWith('List<')) && typeof raw === 'string' ? raw.split(',').map((member) => member.trim()) : raw;
    // A NoEcho parameter's value (its Default or the value given) is never shown, only described.
    const noEcho = scalarString(child(declaration, 'NoEcho'))?.toLowerCase() === 'true';
    // A value CloudFormation refuses (given, passed by a parent, or the Default) creates no stack:
    // it is not that value, whatever a condition would make of it.
    // A value it may refuse (where its documentation leaves the check unsaid) is unknown too.
    const written = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
    const refused = written === undefined ? undefined : this.constraints.refusal(type, written, declaration);
    if (refused !== undefined) {
      const what = noEcho ? `${name} (NoEcho) is` : `${name} is ${JSON.stringify(raw)}${suppliedValue === undefined ? ' (its Default)' : ''},`;
      if (!refused.certain) {
        const why = noEcho ? '' : `: ${refused.why ?? ''}`;
        return new Unknown(`parameter ${what}${noEcho ? ' a value' : ''} which CloudFormation may refuse${why}`, undefined, symbol);
      }
      const member = refused.member === undefined || noEcho ? '' : ` whose member ${JSON.stringify(refused.member)} is`;
      const allowed = noEcho ? refused.constraint : `${refused.constraint} (${refused.allowed})`;
      return new Unknown(`parameter ${what}${member} not one of ${allowed}, so CloudFormation refuses it`, undefined, symbol);
    }
    if (noEcho && (typeof value === 'string' || Array.isArray(value)))
      return new Secret(value as string | readonly TemplateValue[], `the NoEcho parameter ${name} (a ${type})`);
    return value;
  }

  /**
   * The one value an export has wherever it is imported in one account and Region (a stack and its
   * nested stacks): an export name is unique there, and CloudFormation refuses to change or delete an
   * export a stack imports, so two `Fn::ImportValue` of one name (a literal, or one symbolic value)
   * are the same value.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
   */
  private importSymbol(exported: string | Unknown) {
    const key = typeof exported === 'string' ? exported : exported.symbol?.key;
    if (key === undefined) return undefined;
    const text = typeof exported === 'string' ? exported : (exported.symbol?.text ?? '');
    return symbolicAtom(
      `${this.hooks.deploymentPrefix}\0Fn::ImportValue\0${typeof exported === 'string' ? 'name' : 'symbol'}\0${key}`,
      `\${Fn::ImportValue ${text}}`,
    );
  }

  /** The one value a parameter or pseudo parameter without a value has in this stack. */
  private symbolOf(name: string) {
    return symbolicAtom(`${this.hooks.idPrefix}\0${name}`, `\${${name}}`);
  }

  /** A `Default` or mapping value: literal data, where intrinsics are not allowed. */
  private evaluateLiteral(node: TemplateNode): TemplateValue {
    if (node.kind === 'scalar') return node.value === null ? NO_VALUE : String(node.value);
    if (node.kind === 'seq') return node.items.map((item) => this.evaluateLiteral(item));
    if (intrinsicCall(node)) return new Unknown('an intrinsic function where only literal values are allowed');
    return Object.fromEntries<TemplateValue>(node.entries.map((e) => [e.key, this.evaluateLiteral(e.value)]));
  }

  /** `Fn::Sub`: `${Name}` is a parameter, resource or pseudo parameter, `${Res.Attr}` a GetAtt, `${!X}` the text `${X}`. */
  private sub(arg: TemplateNode): TemplateValue {
    const [templateNode, varsNode] = arg.kind === 'seq' ? arg.items : [arg, undefined];
    const written = scalarString(templateNode);
    if (written === undefined) return new Unknown('Fn::Sub needs a string');
    // Rain's `${Rain::Name}` is replaced by the packager before CloudFormation reads the string (`rain-constants.ts`).
    const template = replaceRainConstants(this.root, written);
    const variables = new Map<string, TemplateValue>();
    if (varsNode?.kind === 'map') for (const e of varsNode.entries) variables.set(e.key, this.evaluate(e.value));
    const pieces: TemplateValue[] = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      pieces.push(template.slice(last, match.index));
      last = match.index + match[0].length;
      const inner = match[1] ?? '';
      if (inner.startsWith('!')) {
        pieces.push(`\${${inner.slice(1)}}`);
        continue;
      }
      const name = inner.trim();
      const dot = name.indexOf('.');
      const variable = variables.get(name);
      if (variable !== undefined) pieces.push(variable);
      else if (dot > 0 && !name.startsWith('AWS::')) pieces.push(this.getAttOf(name.slice(0, dot), name.slice(dot + 1)));
      else pieces.push(this.ref(name));
    }
    pieces.push(template.slice(last));
    const nonEmpty = pieces.filter((p) => p !== '');
    // `!Sub '${User}'` is the user reference itself, so linking by reference survives it.
    if (nonEmpty.length === 1 && nonEmpty[0] instanceof UserReference) return nonEmpty[0];
    const revealed = revealSecrets(pieces);
    const parts = revealed.value as readonly TemplateValue[];
    // Measured before it is built, as for Fn::Join: a variable of 5,000 characters named 200,000
    // times in one template string was a billion-character concatenation, which ended the template's
    // analysis in an internal error (RangeError: Invalid string length).
    let length = 0;
    for (const part of parts) length += typeof part === 'string' ? part.length : 0;
    if (length > this.hooks.limits.valueSize) return this.tooBig(arg, 'the string Fn::Sub builds');
    return stillSecret(this.built(arg, concatenate(parts, 'a Fn::Sub variable'), 'the string Fn::Sub builds'), revealed.secret);
  }

  private getAtt(arg: TemplateNode): TemplateValue {
    if (arg.kind === 'scalar') {
      const text = scalarString(arg) ?? '';
      const dot = text.indexOf('.');
      return dot > 0 ? this.getAttOf(text.slice(0, dot), text.slice(dot + 1)) : new Unknown(`Fn::GetAtt ${text} needs Resource.Attribute`);
    }
    const [resourceNode, attributeNode] = arg.kind === 'seq' ? arg.items : [];
    const resource = resourceNode ? this.logicalName(resourceNode, 'Fn::GetAtt') : undefined;
    const attribute = attributeNode ? asString(this.evaluate(attributeNode), 'the Fn::GetAtt attribute name') : undefined;
    if (resource === undefined || attribute === undefined) return new Unknown('Fn::GetAtt needs a resource and an attribute');
    if (resource instanceof Unknown) return resource;
    if (attribute instanceof Unknown) return attribute;
    return this.getAttOf(resource, attribute);
  }

  /**
   * The logical name a `Ref` or `Fn::GetAtt` names: written as a string, or, with the
   * AWS::LanguageExtensions transform, computed by an intrinsic function — how resources that one
   * `Fn::ForEach` loop generates name each other (`!Ref { Fn::Sub: "User${Name}" }`).
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html
   */
  private logicalName(node: TemplateNode, what: string): string | Unknown {
    const written = scalarString(node);
    if (written !== undefined) return written;
    if (node.kind !== 'map' || !intrinsicCall(node)) return new Unknown(`${what} needs a name`);
    // A name computed from a NoEcho parameter stays unknown, so that no message can show it.
    const name = asString(this.evaluate(node), `the name ${what} refers to`);
    // What names a resource is not the value it gives: nothing known of the name is of that value.
    return name instanceof Unknown ? new Unknown(name.reason) : name;
  }

  private getAttOf(resource: string, attribute: string): TemplateValue {
    const declared = this.hooks.resource(resource)?.value;
    if (!declared) return new Unknown(`Fn::GetAtt ${resource}.${attribute} names no resource of the template`);
    return this.hooks.getAtt(resource, scalarString(child(declared, 'Type')) ?? '', attribute);
  }

  private join(args: readonly TemplateNode[]): TemplateValue {
    const [delimiterNode, listNode] = args;
    if (!delimiterNode || !listNode) return new Unknown('Fn::Join needs a delimiter and a list');
    const delimiter = asString(this.evaluate(delimiterNode), 'the Fn::Join delimiter');
    // The joined string is not the delimiter: nothing known of the delimiter is of it.
    if (delimiter instanceof Unknown) return new Unknown(delimiter.reason);
    const revealed = revealSecrets(this.evaluate(listNode));
    const list = asList(revealed.value, 'the Fn::Join list');
    if (list instanceof Unknown) return stillSecret(list, revealed.secret);
    // Measured before it is built: a long list of long strings must not be joined only to be refused.
    let length = 0;
    for (const item of list) length += typeof item === 'string' ? item.length + delimiter.length : 0;
    if (length > this.hooks.limits.valueSize) return this.tooBig(listNode, 'the string Fn::Join builds');
    const pieces: TemplateValue[] = [];
    list.forEach((item, i) => {
      if (i > 0) pieces.push(delimiter);
      pieces.push(item);
    });
    return stillSecret(this.built(listNode, concatenate(pieces, 'a Fn::Join element'), 'the string Fn::Join builds'), revealed.secret);
  }

  /**
   * A string or list built by an intrinsic function, within the `valueSize` limit and the unit's
   * `unitValueSize` (else unknown, and reported): Join, Sub and Split can grow values far beyond
   * the template's own size.
   */
  private built(node: TemplateNode, value: TemplateValue, what: string): TemplateValue {
    const size = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
    if (size > this.hooks.limits.valueSize) return this.tooBig(node, what);
    if (!this.hooks.spendBuilt(size)) {
      this.hooks.limitReached(node, 'unitValueSize', 'the values built by Fn::Join, Fn::Sub and Fn::Split are too large together; the rest are not evaluated');
      return new Unknown(`${what} is not evaluated: the unitValueSize limit is reached`);
    }
    return value;
  }

  private tooBig(node: TemplateNode, what: string): Unknown {
    this.hooks.limitReached(node, 'valueSize', `${what} is too large; it is not evaluated`);
    return new Unknown(`${what} is larger than the valueSize limit`);
  }

  private select(args: readonly TemplateNode[]): TemplateValue {
    const [indexNode, listNode] = args;
    if (!indexNode || !listNode) return new Unknown('Fn::Select needs an index and a list');
    const index = asString(this.evaluate(indexNode), 'the Fn::Select index');
    if (index instanceof Unknown) return index;
    const evaluated = this.evaluate(listNode);
    // An element of a secret list is secret too; an element of a list holding a secret may be one.
    const revealed = revealSecrets(evaluated);
    const list = asList(evaluated instanceof Secret ? revealed.value : evaluated, 'the Fn::Select list');
    if (list instanceof Unknown) return list;
    const item = /^\d+$/.test(index) ? list[Number(index)] : undefined;
    if (item === undefined) return new Unknown(`Fn::Select index ${index} is out of range`);
    return evaluated instanceof Secret ? stillSecret(item, revealed.secret) : item;
  }

  /** `Fn::FindInMap [Map, TopKey, SecondKey]`, with the `DefaultValue` of AWS::LanguageExtensions. */
  private findInMap(args: readonly TemplateNode[]): TemplateValue {
    const [mapNode, topNode, secondNode, options] = args;
    if (!mapNode || !topNode || !secondNode) return new Unknown('Fn::FindInMap needs a map name and two keys');
    const keys = [mapNode, topNode, secondNode].map((n) => asString(this.evaluate(n), 'a Fn::FindInMap key'));
    const unknown = keys.find((k): k is Unknown => k instanceof Unknown);
    // The value found under an unknown key is not the key: nothing known of the key is of it, but it
    // is one of the values found under the keys it may be.
    if (unknown) return this.foundUnderUnknownKeys(keys, options) ?? new Unknown(unknown.reason);
    const [mapName, top, second] = keys as string[];
    const found = child(child(child(child(this.root, 'Mappings'), mapName ?? ''), top ?? ''), second ?? '');
    if (found) return this.evaluateLiteral(found);
    const fallback = child(options, 'DefaultValue');
    if (fallback) return this.evaluate(fallback);
    return new Unknown(`Fn::FindInMap ${mapName}.${top}.${second} is not in the Mappings`);
  }

  /**
   * `Fn::FindInMap` with a key not known: the value found is one of the literal strings the map holds
   * under every pair of keys the unknown ones may be (each of its `oneOf`, else any key of the map);
   * the `DefaultValue`, when the keys may be missing from the map, is one more. CloudFormation fails
   * the deployment where a key is missing without a default, so no other value is possible. Undefined
   * when the map name is not known, a value found is not a literal string, or there are more than 64.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html
   */
  private foundUnderUnknownKeys(keys: readonly (string | Unknown)[], options: TemplateNode | undefined): TemplateValue | undefined {
    const [mapName, top, second] = keys;
    if (typeof mapName !== 'string' || top === undefined || second === undefined) return undefined;
    const found = this.mappings.valuesUnder(mapName, top, second);
    if (found === 'unknown') return undefined;
    const values = new Set(found.values);
    const fallback = child(options, 'DefaultValue');
    if (found.mayBeMissing && fallback) {
      const value = this.evaluate(fallback);
      if (typeof value !== 'string') return undefined;
      values.add(value);
    }
    const list = [...values];
    if (list.length === 0 || list.length > MAX_FOUND_VALUES) return undefined;
    if (list.length === 1) return list[0];
    const reason = keys.find((k): k is Unknown => k instanceof Unknown)?.reason ?? '';
    return new Unknown(`${reason}; Fn::FindInMap ${mapName} finds one of ${list.length} values`, knownPartsOfOneOf(list), undefined, list);
  }
}

/** Functions whose value is a string they concatenate, or a value they pass on unchanged. */
const KEEPS_KNOWN_PARTS = new Set(['Ref', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::FindInMap', 'Fn::ImportValue']);
