import { LOOP_VARIABLE_IN_TEXT, loopTemplateText, loopVariableText } from './expand-for-each.js';
import { knownPartsOfOneOf } from '../core/known-parts.js';
import { ConditionFormulas } from './condition-formulas.js';
import { eitherBranch } from './undecided-if.js';
import { MapLookups, MAX_FOUND_VALUES } from './map-lookups.js';
import { symbolicAtom } from '../core/symbolic-value.js';
import type { MapNode, TemplateNode } from './template-node.js';
import { child, intrinsicCall, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown, UserReference, asList, asString, revealSecrets, stillSecret, withoutDynamicReferences } from './template-values.js';
import { concatenate } from './concatenate-values.js';
import { serverlessTextValue, serverlessVariableValue, splitServerlessVariables } from './serverless-variables.js';
import { CONSTANT_REF_PREFIX, RAIN_CONSTANT, rainConstant, replaceRainConstants } from './rain-constants.js';
import type { ResourceHooks } from './evaluator-hooks.js';
import { TemplateConditions } from './template-conditions.js';
import { literalValue, ParameterValues } from './parameter-values.js';

/**
 * Evaluates CloudFormation intrinsic functions as far as a template alone allows, for linking keys to
 * users and for `Status` and `Condition`s.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
export class TemplateEvaluator {
  /** The template's `Conditions`, and the condition functions `Fn::If` and resource conditions are written with. */
  readonly conditions: TemplateConditions;
  private readonly parameters: ParameterValues;
  /** What `Fn::FindInMap` finds under keys not known (`foundUnderUnknownKeys`). */
  private readonly mappings: MapLookups;
  /** The template's conditions as formulas over what they compare, for what they leave undecided. */
  readonly formulas: ConditionFormulas;

  constructor(
    private readonly root: MapNode,
    /** Parameter values given from outside (`--parameter`, or a parent stack's `Parameters`). */
    supplied: ReadonlyMap<string, TemplateValue>,
    private readonly hooks: ResourceHooks,
    /** Says where supplied values came from, for messages (`--parameter`, `nested stack Child`). */
    suppliedBy: string,
    /** Whether a value may still be given at deployment (a root stack's parameters), beside `supplied`. */
    givenAtDeployment: boolean,
  ) {
    this.mappings = new MapLookups(root);
    this.parameters = new ParameterValues(supplied, hooks, suppliedBy, givenAtDeployment, {
      parameters: child(root, 'Parameters'),
      rules: child(root, 'Rules'),
    });
    this.conditions = new TemplateConditions(hooks, (node) => this.evaluate(node));
    this.formulas = new ConditionFormulas(this, hooks.idPrefix);
  }

  evaluate(node: TemplateNode): TemplateValue {
    if (node.kind === 'scalar') {
      if (node.value === null) return NO_VALUE;
      const text = String(node.value);
      const loopVariable = loopVariableText(text);
      if (loopVariable !== undefined) return new Unknown(loopVariable);
      return serverlessTextValue(text) ?? withoutDynamicReferences(text);
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
        // A list parameter has one value in a stack, so its length is one number there (named by a symbol):
        // `!Equals [!Length !Ref Users, 0]` and its negation are one truth and its opposite.
        const parameter = intrinsicCall(arg)?.name === 'Ref' ? scalarString(intrinsicCall(arg)?.arg) : undefined;
        const declared = parameter !== undefined && child(child(this.root, 'Parameters'), parameter) !== undefined;
        const symbol = declared ? symbolicAtom(`${this.hooks.idPrefix}\0Fn::Length\0${parameter}`, `\${Fn::Length ${parameter}}`) : undefined;
        return list instanceof Unknown ? new Unknown(list.reason, undefined, symbol) : String(list.length);
      }
      case 'Fn::If': {
        const [conditionName, whenTrue, whenFalse] = args;
        const name = scalarString(conditionName);
        if (name === undefined || !whenTrue || !whenFalse) return new Unknown('Fn::If needs a condition name and two values');
        const truth = this.conditions.condition(name);
        if (truth instanceof Unknown)
          return eitherBranch(this, this.hooks.conditionWork(conditionName ?? arg), this.hooks.idPrefix, { name, truth, whenTrue, whenFalse });
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

  private ref(name: string): TemplateValue {
    const loopVariable = loopVariableText(name);
    if (loopVariable !== undefined) return new Unknown(loopVariable);
    const declared = child(child(this.root, 'Parameters'), name);
    if (declared) return this.parameters.declared(name, declared);
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith(CONSTANT_REF_PREFIX)) {
      const constant = rainConstant(this.root, name.slice(CONSTANT_REF_PREFIX.length));
      if (constant !== undefined) return this.evaluate(constant);
    }
    const pseudo = this.parameters.pseudo(name);
    if (pseudo !== undefined) return pseudo;
    const resource = this.hooks.resource(name)?.value;
    if (resource) return this.hooks.ref(name, scalarString(child(resource, 'Type')) ?? '');
    return new Unknown(`Ref ${name} names nothing declared in the template`);
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

  /** `Fn::Sub`: `${Name}` is a parameter, resource or pseudo parameter, `${Res.Attr}` a GetAtt, `${!X}` the text `${X}`. */
  private sub(arg: TemplateNode): TemplateValue {
    const [templateNode, varsNode] = arg.kind === 'seq' ? arg.items : [arg, undefined];
    const written = scalarString(templateNode);
    if (written === undefined) return new Unknown('Fn::Sub needs a string');
    // A loop variable of a placeholder (`expand-for-each.ts`) is read as an unknown variable where it is one.
    const loopVariable = loopVariableText(written.replace(LOOP_VARIABLE_IN_TEXT, ''));
    if (loopVariable !== undefined) return new Unknown(loopVariable);
    // Rain's `${Rain::Name}` is replaced by the packager before CloudFormation reads the string (`rain-constants.ts`).
    const template = replaceRainConstants(this.root, written);
    const variables = new Map<string, TemplateValue>();
    if (varsNode?.kind === 'map') for (const e of varsNode.entries) variables.set(e.key, this.evaluate(e.value));
    const pieces: TemplateValue[] = [];
    // A Serverless Framework variable is replaced before CloudFormation reads the string.
    for (const piece of splitServerlessVariables(template) ?? [template]) {
      if (typeof piece === 'string') this.subPieces(piece, variables, pieces);
      else pieces.push(serverlessVariableValue(piece.variable));
    }
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

  /** The pieces of literal `Fn::Sub` text: its `${Name}`, `${Res.Attr}` and `${!X}` evaluated, the text between them kept. */
  private subPieces(template: string, variables: ReadonlyMap<string, TemplateValue>, pieces: TemplateValue[]): void {
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
  }

  private getAtt(arg: TemplateNode): TemplateValue {
    if (arg.kind === 'scalar') {
      const text = scalarString(arg) ?? '';
      const loopVariable = loopVariableText(text);
      if (loopVariable !== undefined) return new Unknown(loopVariable);
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
    const written = scalarString(node) ?? this.placeholderSubText(node);
    const loopVariable = written === undefined ? undefined : loopVariableText(written);
    if (written !== undefined && loopVariable !== undefined) {
      // In a placeholder of a loop of unknown collection, the name of another placeholder of the copy.
      const template = loopTemplateText(written);
      return loopVariableText(template) === undefined && this.hooks.resource(template) ? template : new Unknown(loopVariable);
    }
    if (written !== undefined) return written;
    if (node.kind !== 'map' || !intrinsicCall(node)) return new Unknown(`${what} needs a name`);
    // A name computed from a NoEcho parameter stays unknown, so that no message can show it.
    const name = asString(this.evaluate(node), `the name ${what} refers to`);
    // What names a resource is not the value it gives: nothing known of the name is of that value.
    return name instanceof Unknown ? new Unknown(name.reason) : name;
  }

  /** The text of a `Fn::Sub` without variables that holds a loop variable of a placeholder. */
  private placeholderSubText(node: TemplateNode): string | undefined {
    const call = intrinsicCall(node);
    const text = call?.name === 'Fn::Sub' ? scalarString(call.arg) : undefined;
    return text !== undefined && loopVariableText(text) !== undefined ? text : undefined;
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
    if (found) return literalValue(found);
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

/** Functions whose value is a string they concatenate, or a value they pass on unchanged (or, `Fn::Length`, name themselves). */
const KEEPS_KNOWN_PARTS = new Set(['Ref', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::FindInMap', 'Fn::ImportValue', 'Fn::Length']);
