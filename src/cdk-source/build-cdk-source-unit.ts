import type * as ts from 'typescript';
import path from 'node:path';
import { parseError, type Diagnostic } from '../core/diagnostic.js';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import type { SourceLocation } from '../core/location.js';
import {
  knownFact,
  unknownFact,
  type KnownParts,
  type AccessKey,
  type DeploymentUnit,
  type Fact,
  type IamUser,
  type LoginProfile,
  type UserRef,
} from '../model/model.js';
import { AnalysisBudget } from './analysis-budget.js';
import { budgetDiagnostics, unwalkedConstructs, unwalkedReason } from './budget-fallback.js';
import { constructAddresses } from './construct-address.js';
import type { PropLookup } from './construct-members.js';
import { ExpressionEvaluator, OUT_OF_STEPS } from './evaluate-expression.js';
import type { EvaluatorHost } from './evaluator.js';
import { parentOf } from './parent-of.js';
import { DeclarationIndex } from './resolve-declaration.js';
import { conditionChanges, conditionMatch, propertyChanges, propertyMatch, type PropertyChange } from './escape-hatches.js';
import { ACCESS_KEY_RESOURCE, aspectChanges, USER_RESOURCE } from './aspect-changes.js';
import { keysCountedPerUser } from './repeated-with-user.js';
import { constructApp } from './construct-app.js';
import { stackAccount } from './stack-account.js';
import { unanalysedImportNotes } from './unanalysed-imports.js';
import { nodeLocation, positionAt, snippet, startOf } from './source-location.js';
import { EMPTY_CONTEXT, unknown, type ConstructInstance, type Context, type StaticValue } from './static-value.js';
import { ConstructWalker, type FoundConstruct } from './walk-constructs.js';
import { appendAll } from '../core/append-all.js';

/** Steps each construct may spend on its model (user, status, props) once the unit's steps have run out. */
export const MODEL_STEPS = 50;

export interface CdkSourceInput {
  /** Unique within a scan, e.g. `cdk-source:infra/app` (the app directory relative to the current directory). */
  readonly unitId: string;
  /** The project's files (one file in ESLint). */
  readonly files: readonly ts.SourceFile[];
  /** A local module's file name, for cross-file links; undefined for packages and unknown modules. */
  readonly resolveImport?: (fromFile: string, specifier: string) => string | undefined;
  /** The unit's root directory (absolute); default: the files' common directory. */
  readonly root?: string;
  /** The budgets the analysis spends from (`loopIterations`, `constructInstances`, `walkSteps`); default: `DEFAULT_LIMITS`. */
  readonly limits?: Limits;
  /** Whether some app of the project calls a class or function (`projectCallees`); default: none. */
  readonly calledInProject?: (node: ts.Node) => boolean;
}

export interface CdkSourceResult {
  /** Undefined when the files create no IAM user, login profile or access key. */
  readonly unit: DeploymentUnit | undefined;
  readonly diagnostics: Diagnostic[];
  /**
   * The diagnostics (also in `diagnostics`) that say the analysis stopped short: a budget ran out, or
   * code was nested too deeply. Syntax errors are not among them (a parser reports those itself).
   */
  readonly incomplete: Diagnostic[];
}

/**
 * Builds the IAM model of a CDK TypeScript app from its source, without running it, without
 * node_modules and without a type checker: the raw TypeScript compiler API is passed in as `ts`, so
 * the CLI (the `typescript` package it requires) and the ESLint plugin (typescript-eslint's) share this code.
 *
 * Recognised (aws-cdk-lib v2 `aws_iam`): `new User(scope, id, { userName?, password? })` (a
 * `password` is a console login profile), `new AccessKey(scope, id, { user, status? })` (status
 * defaults to ACTIVE), `new CfnUser(scope, id, { userName?, loginProfile? })`,
 * `new CfnAccessKey(scope, id, { userName, status? })` (status defaults to Active), and users named
 * by `User.fromUserName/fromUserArn/fromUserAttributes`. Never throws: a file with a syntax error is
 * a `parse-error` diagnostic and left out; the other files are still analysed.
 */
export function buildCdkSourceUnit(ts: typeof import('typescript'), input: CdkSourceInput): CdkSourceResult {
  const diagnostics: Diagnostic[] = [];
  const analysed = new Map<string, ts.SourceFile>();
  for (const sourceFile of input.files) {
    const syntaxError = firstSyntaxError(ts, sourceFile);
    if (syntaxError) diagnostics.push(syntaxError);
    else analysed.set(sourceFile.fileName, sourceFile);
  }
  const incomplete: Diagnostic[] = [];
  const registry = new Map<ts.NewExpression, ConstructInstance[]>();
  let addresses = new Map<ConstructInstance, string>();
  let sourceCharacters = 0;
  for (const sourceFile of analysed.values()) sourceCharacters += sourceFile.text.length;
  const budget = new AnalysisBudget(input.limits ?? DEFAULT_LIMITS, sourceCharacters);
  const host: EvaluatorHost = {
    index: new DeclarationIndex(ts),
    sourceFile: (fileName) => analysed.get(fileName),
    resolveImport: (fromFile, specifier) => input.resolveImport?.(fromFile, specifier),
    instanceFor: (node, context) => {
      const candidates = registry.get(node) ?? [];
      // Telling the instances of a looped construct apart costs a step each.
      return budget.step(node, candidates.length) ? instanceFor(candidates, context, node) : unknown(OUT_OF_STEPS);
    },
    addressOf: (instance) => addresses.get(instance) ?? instance.id,
  };
  const evaluator = new ExpressionEvaluator(ts, host, budget);
  const instances: ConstructInstance[] = [];
  const register = (found: FoundConstruct): void => {
    const sourceFile = found.node.getSourceFile();
    const instance: ConstructInstance = {
      node: found.node,
      sourceFile,
      constructClass: found.constructClass,
      context: found.context,
      id: instanceId(found.node, found.context),
    };
    instances.push(instance);
    const list = registry.get(found.node) ?? [];
    list.push(instance);
    registry.set(found.node, list);
  };
  // Constructs are registered as the walk finds them: `people.user`, passed as a prop further down
  // the app, must find the user that `new PeopleStack(...)` created.
  const walker = new ConstructWalker(ts, evaluator, register, input.calledInProject);
  evaluator.calls.collect(analysed.values());
  // Out of steps while collecting, a `new` may have looked like no construct: then nothing is skipped.
  if (budget.isExhausted('walkSteps')) evaluator.calls.relevance.searchIncomplete();

  const walk = (run: () => ts.Node | undefined, sourceFile: ts.SourceFile | undefined): void => {
    const before = instances.length;
    let tooDeep: ts.Node | undefined;
    try {
      tooDeep = run();
    } catch (error) {
      // A stack overflow in spite of the depth limits (they are checked per node, not per frame).
      if (!(error instanceof RangeError)) throw error;
      for (const dropped of instances.splice(before))
        registry.set(
          dropped.node,
          (registry.get(dropped.node) ?? []).filter((i) => i !== dropped),
        );
      const at = sourceFile ?? tooDeepFallback(instances);
      if (at) incomplete.push(parseError(nodeLocation(at, at), 'the file is nested too deeply to analyse'));
      return;
    }
    if (tooDeep)
      incomplete.push(parseError(nodeLocation(tooDeep, tooDeep.getSourceFile()), 'expression nested too deeply to analyse: the code inside it is skipped'));
  };
  for (const sourceFile of analysed.values()) walk(() => walker.walk(sourceFile), sourceFile);
  walk(() => walker.finish(), undefined);
  evaluator.filled.endWalk();
  if (budget.isExhausted('walkSteps') || budget.isExhausted('constructInstances')) {
    const existence = unwalkedReason(budget);
    for (const found of unwalkedConstructs(ts, analysed.values(), registry, evaluator)) register({ ...found, context: { ...EMPTY_CONTEXT, existence } });
  }
  addresses = constructAddresses(ts, evaluator, instances);

  // Aspects run after the app's code, on every construct of their scope: what they may change, found once per unit.
  const constant = (expression: ts.Expression) => evaluator.evaluate(expression, EMPTY_CONTEXT);
  const aspects: AspectChanges = {
    status: aspectChanges(ts, analysed.values(), (node) => propertyMatch(ts, node, { l1: 'status', cfn: 'Status' }), ACCESS_KEY_RESOURCE, constant),
    loginProfile: aspectChanges(ts, analysed.values(), (node) => propertyMatch(ts, node, { l1: 'loginProfile', cfn: 'LoginProfile' }), USER_RESOURCE, constant),
    keyCondition: aspectChanges(ts, analysed.values(), (node) => conditionMatch(ts, node), ACCESS_KEY_RESOURCE, constant),
    userCondition: aspectChanges(ts, analysed.values(), (node) => conditionMatch(ts, node), USER_RESOURCE, constant),
  };
  const users: (readonly [ConstructInstance, IamUser])[] = [];
  const loginProfiles: LoginProfile[] = [];
  const keys: (readonly [ConstructInstance, AccessKey])[] = [];
  const apps = appLabels(ts, evaluator, instances);
  for (const instance of instances)
    budget.grace(MODEL_STEPS, () => {
      const placement = { account: stackAccount(ts, evaluator, instance), app: apps.get(instance) };
      const model = new InstanceModel(ts, evaluator, instance, addresses.get(instance) ?? instance.id, placement, aspects);
      if (instance.constructClass === 'User' || instance.constructClass === 'CfnUser') {
        users.push([instance, model.user()]);
        const profile = model.loginProfile();
        if (profile) loginProfiles.push(profile);
      } else {
        keys.push([instance, model.accessKey()]);
      }
    });
  const accessKeys = keysCountedPerUser(users, keys);
  // Last: model building evaluates props, and may be what spends the last step.
  appendAll(incomplete, budgetDiagnostics(ts, budget));
  appendAll(diagnostics, incomplete);
  // A relative specifier names a project file even where it does not resolve (a file left out).
  const isProjectFile = (from: ts.SourceFile, specifier: string): boolean =>
    specifier.startsWith('.') || specifier.startsWith('/') || input.resolveImport?.(from.fileName, specifier) !== undefined;
  appendAll(diagnostics, unanalysedImportNotes(ts, analysed.values(), isProjectFile));
  if (users.length + loginProfiles.length + accessKeys.length === 0) return { unit: undefined, diagnostics, incomplete };
  const root = input.root ?? commonDirectory([...analysed.keys()]);
  return {
    unit: { id: input.unitId, format: 'cdk-source', root, users: users.map(([, user]) => user), loginProfiles, accessKeys },
    diagnostics,
    incomplete,
  };
}

/**
 * Which classes and functions the project calls anywhere, for a project of several apps (README: a
 * class or function "never instantiated or called in the project is analysed once, with its
 * parameters unknown"). An app that imports a file without calling its stack class (for a type, a
 * constant, or a class it keeps commented out) has no instance of it; the app that calls it analyses
 * it per call. The call sites are searched once over every file, as each app searches its own. When
 * the search runs out of steps, nothing counts as called elsewhere.
 */
export function projectCallees(
  ts: typeof import('typescript'),
  files: readonly ts.SourceFile[],
  resolveImport: (fromFile: string, specifier: string) => string | undefined,
  limits: Limits = DEFAULT_LIMITS,
): (node: ts.Node) => boolean {
  const analysed = new Map(files.filter((f) => firstSyntaxError(ts, f) === undefined).map((f) => [f.fileName, f]));
  let sourceCharacters = 0;
  for (const sourceFile of analysed.values()) sourceCharacters += sourceFile.text.length;
  const budget = new AnalysisBudget(limits, sourceCharacters);
  const host: EvaluatorHost = {
    index: new DeclarationIndex(ts),
    sourceFile: (fileName) => analysed.get(fileName),
    resolveImport,
    instanceFor: () => unknown(OUT_OF_STEPS),
    addressOf: (instance) => instance.id,
  };
  const evaluator = new ExpressionEvaluator(ts, host, budget);
  evaluator.calls.collect(analysed.values());
  if (budget.isExhausted('walkSteps')) return () => false;
  return (node) => evaluator.calls.isCalled(node);
}

/** Steps finding the app of one construct may spend once the unit's steps have run out. */
const APP_STEPS = 50;

/**
 * Where the project's code creates several `App`s (one per environment, one per test), the app each
 * construct belongs to (`construct-app.ts`), named by the position of its `new App(...)`; empty when
 * it creates one, or none that a construct's scope leads to. A construct whose app cannot be followed
 * gets none, and keeps its users linked with every app's (`link-credentials.ts`).
 */
function appLabels(t: typeof import('typescript'), evaluator: ExpressionEvaluator, instances: readonly ConstructInstance[]): Map<ConstructInstance, string> {
  const sites = new Map<ConstructInstance, ts.NewExpression>();
  for (const instance of instances) {
    const site = evaluator.budget.grace(APP_STEPS, () => constructApp(t, evaluator, instance));
    if (site) sites.set(instance, site);
  }
  if (new Set(sites.values()).size < 2) return new Map();
  return new Map(
    [...sites].map(([instance, site]) => {
      const sourceFile = site.getSourceFile();
      const at = positionAt(sourceFile, startOf(site, sourceFile));
      return [instance, `${sourceFile.fileName}:${String(at.line)}:${String(at.column)}`];
    }),
  );
}

/**
 * Unique within the unit: the construct's position, then per frame the loop element's index or the
 * call site's position (two `new KeysStack(...)` create two keys at the same line).
 */
function instanceId(node: ts.NewExpression, context: Context): string {
  const sourceFile = node.getSourceFile();
  const start = positionAt(sourceFile, startOf(node, sourceFile));
  const frames = context.frames.map((f) => {
    if (!f.call) return `[${f.index}]`;
    const site = f.loop.getSourceFile();
    const at = positionAt(site, startOf(f.loop, site));
    return `[${site.fileName}:${at.line}:${at.column}]`;
  });
  return `${sourceFile.fileName}:${start.line}:${start.column}${frames.join('')}`;
}

/** The file a stack overflow in `finish` is reported at: the last construct's, else none. */
function tooDeepFallback(instances: readonly ConstructInstance[]): ts.SourceFile | undefined {
  return instances[instances.length - 1]?.sourceFile;
}

/** TypeScript keeps syntax errors on the source file (`parseDiagnostics`, not in its public typings); the first is reported. */
function firstSyntaxError(ts: typeof import('typescript'), sourceFile: ts.SourceFile): Diagnostic | undefined {
  const parsed = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = [...parsed].sort((a, b) => a.start - b.start)[0];
  if (!first) return undefined;
  const start = positionAt(sourceFile, first.start);
  const end = positionAt(sourceFile, first.start + Math.max(first.length, 0));
  const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  return parseError(
    { file: sourceFile.fileName, range: { start, end: first.length > 0 ? end : { line: start.line, column: start.column + 1 } } },
    `TypeScript syntax error: ${message}`,
  );
}

/** The instance of `node` in the loop iteration `context` is in; a construct of another iteration cannot be told apart. */
function instanceFor(candidates: readonly ConstructInstance[], context: Context, node: ts.NewExpression): StaticValue {
  const matching = candidates.filter((candidate) =>
    candidate.context.frames.every(
      (frame) =>
        context.frames.find((f) => f.loop === frame.loop)?.index === frame.index ||
        (candidates.length === 1 && !context.frames.some((f) => f.loop === frame.loop)),
    ),
  );
  const [only] = matching;
  if (matching.length === 1 && only) return { kind: 'construct', instance: only };
  if (matching.length === 0) return unknown(`${snippet(node, node.getSourceFile(), 40)} is never created`);
  return unknown(`${snippet(node, node.getSourceFile(), 40)} is created once per loop element, and which one is meant is not known statically`);
}

function commonDirectory(files: readonly string[]): string {
  const [first, ...rest] = files.map((f) => path.dirname(f));
  if (first === undefined) return process.cwd();
  let common = first;
  for (const dir of rest) {
    while (common !== dir && !dir.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

/** What the unit's Aspects may change of every key (`Status`) and user (`LoginProfile`), `aspect-changes.ts`. */
interface AspectChanges {
  readonly status: readonly PropertyChange[];
  readonly loginProfile: readonly PropertyChange[];
  /** Conditions an Aspect may put on (or take off) every key's resource, and every user's. */
  readonly keyCondition: readonly PropertyChange[];
  readonly userCondition: readonly PropertyChange[];
}

/** One construct instance as model resources: its facts located at the props that wrote them. */
class InstanceModel {
  private readonly location: SourceLocation;
  private readonly anchors: SourceLocation[];
  /** `existence()`, once found (null: not yet). */
  private existenceReason: string | undefined | null = null;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly instance: ConstructInstance,
    private readonly address: string,
    /** The stack's account (`stack-account.ts`), when it gives one; the app, when the project creates several (`appLabels`). */
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
    for (const change of [...conditionChanges(this.ts, this.evaluator, this.instance), ...aspects]) {
      const removes = change.value === 'deleted' || (typeof change.value === 'object' && change.value.kind === 'undefined');
      // In source order: a later change that certainly runs decides over an earlier one.
      if (removes) condition = change.certain ? undefined : condition;
      else condition = `${change.text} puts it under a CloudFormation condition, which is known only at deploy time`;
    }
    const reasons = [this.instance.context.existence, condition].filter((r) => r !== undefined);
    this.existenceReason = reasons.length === 0 ? undefined : reasons.join('; ');
    return this.existenceReason;
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

  /** A prop of the construct, or an unknown value when the props object itself is unknown. */
  private prop(name: string): PropLookup {
    return this.evaluator.members.prop(this.instance, name);
  }

  /** Where a prop is written: in the construct's file, or where its props come from (a subclass's `super(...)`, a call site). */
  private factAt(lookup: { readonly node: ts.Node | undefined }, name: string): SourceLocation {
    return lookup.node
      ? nodeLocation(lookup.node, lookup.node.getSourceFile(), `${this.address}.${name}`)
      : { ...this.location, logicalPath: `${this.address}.${name}` };
  }

  user(): IamUser {
    const lookup = this.prop('userName');
    const base = { ...this.base(), kind: 'user' as const };
    if (lookup.found === false || lookup.value.kind === 'undefined') return base;
    const location = this.factAt(lookup, 'userName');
    const value = lookup.value;
    return { ...base, name: value.kind === 'string' ? knownFact(value.value, location) : unknownFact(reasonOf(value, 'userName'), location, knownOf(value)) };
  }

  /**
   * `password` of User, `loginProfile` of CfnUser: present means a console login profile. An escape
   * hatch that sets or deletes the L1 `LoginProfile` afterwards (`escape-hatches.ts`) decides instead.
   */
  loginProfile(): LoginProfile | undefined {
    const name = this.instance.constructClass === 'User' ? 'password' : 'loginProfile';
    const lookup = this.prop(name);
    const written = lookup.found !== false && lookup.value.kind !== 'undefined' && lookup.value.kind !== 'null';
    // `uncertain`: why it may not be there after all (none: it certainly is).
    let present: { location: SourceLocation; uncertain: string[] } | undefined;
    if (written) {
      // A password is a `SecretValue` (a CDK token, always an object); a plain unknown value such as
      // `props.password` may be undefined, and then the user has no console password.
      const value = lookup.value;
      present = { location: this.factAt(lookup, name), uncertain: value.kind === 'unknown' && !value.token ? [`${name}: ${value.reason}`] : [] };
    }
    // In source order: a change that certainly runs decides; one that may run leaves the profile
    // uncertain only where it would change it (adding one where there is none, removing one that is there).
    const changes = [...propertyChanges(this.ts, this.evaluator, this.instance, { l1: 'loginProfile', cfn: 'LoginProfile' }), ...this.aspects.loginProfile];
    for (const change of changes) {
      const sets = change.value === 'present' || (typeof change.value === 'object' && change.value.kind !== 'undefined' && change.value.kind !== 'null');
      if (change.certain) {
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
    const userProp = this.instance.constructClass === 'AccessKey' ? 'user' : 'userName';
    const userLookup = this.prop(userProp);
    const user: Fact<UserRef> =
      userLookup.found === false
        ? unknownFact(`the access key has no ${userProp}`, this.location)
        : this.userRef(userLookup.value, this.factAt(userLookup, userProp), userProp);
    const statusLookup = this.prop('status');
    // Both default to Active: AccessKeyProps.status "@default AccessKeyStatus.ACTIVE", and
    // AWS::IAM::AccessKey Status "Default: Active"
    // (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.AccessKeyProps.html).
    const defaulted = () => knownFact('Active', { ...this.location, logicalPath: `${this.address}.status` }, 'defaulted');
    const written = (value: StaticValue, location: SourceLocation): Fact<string> =>
      value.kind === 'undefined' ? defaulted() : value.kind === 'string' ? knownFact(value.value, location) : unknownFact(reasonOf(value, 'status'), location);
    let status: Fact<string> = statusLookup.found === false ? defaulted() : written(statusLookup.value, this.factAt(statusLookup, 'status'));
    // An escape hatch written after the construct (`escape-hatches.ts`) sets the Status the template gets.
    // Aspects run last, after every escape hatch of the app's code.
    for (const change of [...propertyChanges(this.ts, this.evaluator, this.instance, { l1: 'status', cfn: 'Status' }), ...this.aspects.status]) {
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
    return { ...this.base(), kind: 'access-key', user, status };
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
