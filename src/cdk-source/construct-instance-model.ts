/**
 * One construct instance of a CDK app as model resources (a user, its login profile, an access key),
 * each fact located at the prop, escape hatch or Aspect that wrote it. `build-cdk-source-unit.ts`
 * finds the instances and builds one of these for each.
 */
import type * as ts from 'typescript';
import type { SourceLocation } from '../core/location.js';
import { knownFact, unknownFact, type KnownParts, type AccessKey, type Fact, type IamUser, type LoginProfile, type UserRef } from '../model/model.js';
import { documentedKeyStatus } from '../model/documented-key-status.js';
import type { PropLookup } from './construct-props.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { parentOf } from './parent-of.js';
import { cfnConditionHolds } from './cfn-conditions.js';
import { conditionChanges, propertyChanges, type ConstructorBody, type PropertyChange } from './escape-hatches.js';
import { nodeLocation } from './source-location.js';
import { propertyNameOf } from './generic-resources.js';
import { isCutOff, type ConstructInstance, type StaticValue } from './static-value.js';

/** What the unit's Aspects may change of every key (`Status`, `UserName`) and user (`LoginProfile`, `UserName`), `aspect-changes.ts`. */
export interface AspectChanges {
  readonly status: readonly PropertyChange[];
  readonly loginProfile: readonly PropertyChange[];
  /** The `UserName` of every user's resource (`AWS::IAM::User`), and of every key's (`AWS::IAM::AccessKey`: the user it belongs to). */
  readonly userName: readonly PropertyChange[];
  readonly keyUserName: readonly PropertyChange[];
  /** Conditions an Aspect may put on (or take off) every key's resource, and every user's. */
  readonly keyCondition: readonly PropertyChange[];
  readonly userCondition: readonly PropertyChange[];
}

/** One construct instance as model resources: its facts located at the props that wrote them. */
export class InstanceModel {
  private readonly location: SourceLocation;
  private readonly anchors: SourceLocation[];
  /** `existence()`, once found (null: not yet). */
  private existenceReason: string | undefined | null = null;
  /** `constructors()`, once found. */
  private constructorBodies: readonly ConstructorBody[] | undefined;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly instance: ConstructInstance,
    private readonly address: string,
    /** The stack's account (`stack-account.ts`), when it gives one; the app, when the project creates several (`appLabels`, `build-cdk-source-unit.ts`). */
    private readonly placement: { readonly account: Fact<string> | undefined; readonly app: string | undefined },
    private readonly aspects: AspectChanges,
  ) {
    this.location = nodeLocation(instance.node, instance.sourceFile, address);
    this.anchors = [nodeLocation(enclosingStatement(ts, instance.node), instance.sourceFile)];
  }

  /**
   * Why it may not exist: the code around it (`context.existence`), or a CloudFormation condition put
   * on its resource afterwards (`conditionChanges`), which credlint does not evaluate.
   */
  private existence(): string | undefined {
    if (this.existenceReason !== null) return this.existenceReason;
    let condition: string | undefined;
    const isKey = this.instance.constructClass === 'AccessKey' || this.instance.constructClass === 'CfnAccessKey';
    const aspects = isKey ? this.aspects.keyCondition : this.aspects.userCondition;
    // Aspects run last, after every escape hatch of the app's code.
    for (const change of [...conditionChanges(this.ts, this.evaluator, this.instance, this.constructors()), ...aspects]) {
      const removes = change.value === 'deleted' || (typeof change.value === 'object' && change.value.kind === 'undefined');
      // In source order: a later change that certainly runs decides over an earlier one.
      if (removes) condition = change.certain ? undefined : condition;
      // A condition that always holds leaves the resource as it was (`cfn-conditions.ts`).
      else if (this.alwaysHolds(change.node)) condition = change.certain ? undefined : condition;
      else condition = `${change.text} puts it under a CloudFormation condition, which is known only at deploy time`;
    }
    const reasons = [this.instance.context.existence, condition].filter((r) => r !== undefined);
    this.existenceReason = reasons.length === 0 ? undefined : reasons.join('; ');
    return this.existenceReason;
  }

  /** Whether the condition a `cfnOptions.condition = c` puts on the resource always holds. */
  private alwaysHolds(change: ts.Node): boolean {
    const t = this.ts;
    const written = t.isExpressionStatement(change) ? change.expression : change;
    if (!t.isBinaryExpression(written) || written.operatorToken.kind !== t.SyntaxKind.EqualsToken) return false;
    return cfnConditionHolds(t, this.evaluator, written.right, this.evaluator.host.givenParameters ?? new Set<string>()) === true;
  }

  /**
   * The constructors of the project classes the instance is built through (`class RetiredKey extends
   * iam.AccessKey`): escape hatches they write through `this` change it too. None where the chain is not followed.
   */
  private constructors(): readonly ConstructorBody[] {
    if (this.constructorBodies === undefined) {
      const chain = this.evaluator.props.constructorChain(this.instance);
      this.constructorBodies = 'unknown' in chain ? [] : chain;
    }
    return this.constructorBodies;
  }

  private base() {
    const existence = this.existence();
    return {
      id: this.instance.id,
      address: this.address,
      location: this.location,
      constructPath: this.address,
      suppressionAnchors: this.anchors,
      ...(this.placement.account === undefined ? {} : { account: this.placement.account }),
      ...(this.placement.app === undefined ? {} : { app: this.placement.app }),
      ...(existence === undefined ? {} : { existenceUnknown: existence }),
      // Created where the code may run several times: it may be two keys or more.
      ...(this.instance.context.existence !== undefined && this.instance.context.repeated !== undefined ? { instanceCountUnknown: true as const } : {}),
    };
  }

  /**
   * The escape hatches changing a property after the construct (`escape-hatches.ts`). A generic
   * `CfnResource` has no L1 setter (`resource.status = 'Inactive'` writes a field synthesis never
   * reads): only its raw overrides count.
   */
  private propertyChanges(l1: string, cfn: string): PropertyChange[] {
    return propertyChanges(this.ts, this.evaluator, this.instance, { l1: this.instance.generic ? undefined : l1, cfn }, this.constructors());
  }

  /** A prop of the construct, or an unknown value when the props object itself is unknown. */
  private prop(name: string): PropLookup {
    const lookup = this.evaluator.props.prop(this.instance, name);
    // The user name, password, user or status is larger than credlint evaluates: the finding depends on it.
    if (lookup.found !== false && isCutOff(lookup.value)) this.evaluator.budget.valueCutOff(lookup.node ?? this.instance.node, lookup.value.reason);
    return lookup;
  }

  /** Where a prop is written: in the construct's file, or where its props come from (a subclass's `super(...)`, a call site). */
  private factAt(lookup: { readonly node: ts.Node | undefined }, name: string): SourceLocation {
    return lookup.node
      ? nodeLocation(lookup.node, lookup.node.getSourceFile(), `${this.address}.${name}`)
      : { ...this.location, logicalPath: `${this.address}.${name}` };
  }

  /**
   * The user's `UserName`: the prop, unless an escape hatch or an Aspect writes the L1 `UserName`
   * afterwards (`escape-hatches.ts`); without one, CloudFormation generates a name
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html).
   */
  user(): IamUser {
    const prop = propertyNameOf(this.instance, 'userName');
    const lookup = this.prop(prop);
    const base = { ...this.base(), kind: 'user' as const };
    let name: Fact<string> | undefined;
    if (lookup.found !== false && lookup.value.kind !== 'undefined') {
      const value = lookup.value;
      const location = this.factAt(lookup, prop);
      name = value.kind === 'string' ? knownFact(value.value, location) : unknownFact(reasonOf(value, prop), location, knownOf(value));
    }
    name = this.nameChanges(name, this.aspects.userName, (value, location) =>
      value.kind === 'undefined'
        ? undefined
        : value.kind === 'string'
          ? knownFact(value.value, location)
          : unknownFact(reasonOf(value, 'UserName'), location, knownOf(value)),
    );
    return name === undefined ? base : { ...base, name };
  }

  /**
   * A name after the escape hatches and Aspects that write the L1 `UserName` (`aspects`, run last): in
   * source order, a change that certainly runs decides (a deletion takes the name away); one that may run
   * leaves the name unknown, unless it would write the very name there is.
   */
  private nameChanges<T>(
    initial: Fact<T> | undefined,
    aspects: readonly PropertyChange[],
    written: (value: StaticValue, location: SourceLocation) => Fact<T> | undefined,
    what = 'name',
  ): Fact<T> | undefined {
    let name = initial;
    for (const change of [...this.propertyChanges('userName', 'UserName'), ...aspects]) {
      const location = nodeLocation(change.node, change.node.getSourceFile(), `${this.address}.UserName`);
      const removes = change.value === 'deleted' || (typeof change.value === 'object' && change.value.kind === 'undefined');
      const value = removes
        ? undefined
        : change.value === 'present'
          ? unknownFact<T>(`${change.text} changes its ${what}`, location)
          : written(change.value, location);
      const after = value === undefined || value.known ? value : { ...value, unknownReason: `${change.text} writes it: ${value.unknownReason}` };
      if (change.certain) name = after;
      else if (!sameFact(name, after)) name = unknownFact(`${change.text} may change its ${what}`, location);
    }
    return name;
  }

  /**
   * `password` of User, `loginProfile` of CfnUser: present means a console login profile. An escape
   * hatch that sets or deletes the L1 `LoginProfile` afterwards (`escape-hatches.ts`) decides instead.
   */
  loginProfile(): LoginProfile | undefined {
    const name = this.instance.constructClass === 'User' ? 'password' : propertyNameOf(this.instance, 'loginProfile');
    const lookup = this.prop(name);
    const written = lookup.found !== false && lookup.value.kind !== 'undefined' && lookup.value.kind !== 'null';
    // `uncertain`: why it may not be there after all (none: it certainly is).
    let present: { location: SourceLocation; uncertain: string[] } | undefined;
    if (written) {
      // A password is a `SecretValue` (a CDK token, always an object); a plain unknown value such as
      // `props.password` may be undefined, and then the user has no console password, as a token that
      // may be `AWS::NoValue` (`Fn.conditionIf(..., Aws.NO_VALUE)`) may leave out the `LoginProfile`.
      const value = lookup.value;
      const mayBeAbsent = value.kind === 'unknown' && (!value.token || value.mayBeNoValue === true);
      present = { location: this.factAt(lookup, name), uncertain: mayBeAbsent ? [`${name}: ${value.reason}`] : [] };
    }
    // In source order: a change that certainly runs decides; one that may run leaves the profile
    // uncertain only where it would change it (adding one where there is none, removing one that is there).
    const changes = [...this.propertyChanges('loginProfile', 'LoginProfile'), ...this.aspects.loginProfile];
    for (const change of changes) {
      const sets = change.value === 'present' || (typeof change.value === 'object' && change.value.kind !== 'undefined' && change.value.kind !== 'null');
      // An escape hatch writing a token that may be `AWS::NoValue` may add the profile or leave it out.
      const mayBeNoValue = typeof change.value === 'object' && change.value.kind === 'unknown' && change.value.mayBeNoValue === true;
      if (change.certain && mayBeNoValue) {
        const location = nodeLocation(change.node, change.node.getSourceFile(), `${this.address}.LoginProfile`);
        present = { location: present?.location ?? location, uncertain: [...(present?.uncertain ?? []), `${change.text} may leave it out`] };
      } else if (change.certain) {
        present = sets ? { location: nodeLocation(change.node, change.node.getSourceFile(), `${this.address}.LoginProfile`), uncertain: [] } : undefined;
      } else if (!present) {
        if (sets) present = { location: { ...this.location, logicalPath: `${this.address}.LoginProfile` }, uncertain: [`${change.text} may add it`] };
      } else if (!sets || present.uncertain.length > 0) present.uncertain.push(`${change.text} may ${sets ? 'add' : 'remove'} it`);
    }
    if (!present) return undefined;
    const location = present.location;
    const existence = [this.existence(), ...present.uncertain].filter((r) => r !== undefined).join('; ');
    return {
      ...this.base(),
      kind: 'login-profile',
      id: `${this.instance.id}.${name}`,
      address: `${this.address}.${name}`,
      location,
      user: knownFact<UserRef>({ kind: 'user', userId: this.instance.id }, location),
      ...(existence === '' ? {} : { existenceUnknown: existence }),
    };
  }

  accessKey(): AccessKey {
    const userProp = this.instance.constructClass === 'AccessKey' ? 'user' : propertyNameOf(this.instance, 'userName');
    const userLookup = this.prop(userProp);
    const initial: Fact<UserRef> =
      userLookup.found === false
        ? unknownFact(`the access key has no ${userProp}`, this.location)
        : this.userRef(userLookup.value, this.factAt(userLookup, userProp), userProp);
    // The L1 `UserName` written afterwards names the user the key belongs to.
    const user =
      this.nameChanges(initial, this.aspects.keyUserName, (value, location) => this.userRef(value, location, 'UserName'), 'user') ??
      unknownFact('the access key has no UserName', this.location);
    const statusProp = propertyNameOf(this.instance, 'status');
    const statusLookup = this.prop(statusProp);
    // Both default to Active: AccessKeyProps.status "@default AccessKeyStatus.ACTIVE", and
    // AWS::IAM::AccessKey Status "Default: Active"
    // (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.AccessKeyProps.html).
    const defaulted = () => knownFact('Active', { ...this.location, logicalPath: `${this.address}.${statusProp}` }, 'defaulted');
    const written = (value: StaticValue, location: SourceLocation): Fact<string> =>
      value.kind === 'undefined'
        ? defaulted()
        : value.kind === 'string'
          ? knownFact(value.value, location)
          : unknownFact(reasonOf(value, statusProp), location);
    let status: Fact<string> = statusLookup.found === false ? defaulted() : written(statusLookup.value, this.factAt(statusLookup, statusProp));
    // An escape hatch written after the construct (`escape-hatches.ts`) sets the Status the template gets.
    // Aspects run last, after every escape hatch of the app's code.
    for (const change of [...this.propertyChanges('status', 'Status'), ...this.aspects.status]) {
      const location = nodeLocation(change.node, change.node.getSourceFile(), `${this.address}.Status`);
      // In source order: a later change that certainly runs decides over an earlier one.
      // One that may run leaves it where it would write the very value the key already has (deleted: Active again).
      if (!change.certain) {
        const removes = change.value === 'deleted' || (typeof change.value === 'object' && change.value.kind === 'undefined');
        const writes = removes ? 'Active' : typeof change.value === 'object' && change.value.kind === 'string' ? change.value.value : undefined;
        if (!status.known || writes !== status.value) status = unknownFact(`${change.text} may change its Status`, location);
      } else if (change.value === 'deleted') status = defaulted();
      else if (change.value === 'present') status = unknownFact(`${change.text} changes its Status`, location);
      else status = written(change.value, location);
    }
    // The status is the Status of the synthesized AWS::IAM::AccessKey, read as the template would be.
    return { ...this.base(), kind: 'access-key', user, status: documentedKeyStatus(status) };
  }

  /** How a key names its user: object identity for declared users, the name for imported ones and strings. */
  private userRef(value: StaticValue, location: SourceLocation, prop: string): Fact<UserRef> {
    switch (value.kind) {
      case 'construct':
        return value.instance.constructClass === 'User' || value.instance.constructClass === 'CfnUser'
          ? knownFact({ kind: 'user', userId: value.instance.id }, location)
          : unknownFact(`${prop} is an access key, not a user`, location);
      case 'generated-user-name':
        return knownFact({ kind: 'user', userId: value.instance.id }, location);
      case 'imported-user':
        return value.name.kind === 'string'
          ? knownFact({ kind: 'name', name: value.name.value }, location)
          : unknownFact(reasonOf(value.name, 'the user name'), location, knownOf(value.name));
      case 'string':
        return knownFact({ kind: 'name', name: value.value }, location);
      default:
        return unknownFact(reasonOf(value, prop), location, knownOf(value));
    }
  }
}

/** Whether two facts are the same known value (a change writing it changes nothing). */
function sameFact<T>(a: Fact<T> | undefined, b: Fact<T> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.known && b.known && JSON.stringify(a.value) === JSON.stringify(b.value);
}

/** What is known of an unknown string (`${ctx}-dev-api` ends with `-dev-api`), for the model. */
function knownOf(value: StaticValue): KnownParts | undefined {
  if (value.kind === 'generated-user-name') return value.unknown?.known;
  return value.kind === 'unknown' ? value.known : undefined;
}

function reasonOf(value: StaticValue, what: string): string {
  if (value.kind === 'generated-user-name' && value.unknown) return value.unknown.reason;
  return value.kind === 'unknown' ? value.reason : `${what} is not a string known statically`;
}

/**
 * The statement a construct is created in: the line above it may hold `// credlint-ignore` (README, "Suppressions").
 * A class property initializer (`readonly key = new AccessKey(...)`) counts as a statement.
 */
function enclosingStatement(ts: typeof import('typescript'), node: ts.Node): ts.Node {
  let current = node;
  for (let parent = parentOf(current); parent && !ts.isClassElement(current); parent = parentOf(current)) {
    if (ts.isSourceFile(parent) || ts.isBlock(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) break;
    current = parent;
  }
  return current;
}
