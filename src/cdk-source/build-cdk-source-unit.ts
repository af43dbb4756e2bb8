import type * as ts from 'typescript';
import path from 'node:path';
import { parseError, type Diagnostic } from '../core/diagnostic.js';
import type { Deadline } from '../core/deadline.js';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import type { AccessKey, DeploymentUnit, IamUser, LoginProfile } from '../model/model.js';
import { AnalysisBudget } from './analysis-budget.js';
import { AppContext } from './app-context.js';
import { budgetDiagnostics, unwalkedConstructs, unwalkedReason } from './budget-fallback.js';
import { constructAddresses } from './construct-address.js';
import { InstanceModel, type AspectChanges } from './construct-instance-model.js';
import { ExpressionEvaluator, OUT_OF_STEPS } from './evaluate-expression.js';
import type { EvaluatorHost } from './evaluator.js';
import { DeclarationIndex } from './resolve-declaration.js';
import { conditionMatch, propertyMatch } from './escape-hatches.js';
import { candidatesIn, type ChangeMatch } from './hatch-candidates.js';
import { ACCESS_KEY_RESOURCE, aspectChanges, USER_RESOURCE, type AspectChange } from './aspect-changes.js';
import { aspectAdds } from './aspect-scopes.js';
import { constructPath, mayVisit, surelyVisits } from './aspect-visits.js';
import { keysCountedPerUser } from './repeated-with-user.js';
import { constructApp } from './construct-app.js';
import { stackAccount } from './stack-account.js';
import { StackNames } from './stack-name.js';
import { unanalysedImportNotes } from './unanalysed-imports.js';
import { iamClassValueNotes } from './iam-classes-as-values.js';
import { nodeLocation, positionAt, snippet, startOf } from './source-location.js';
import { EMPTY_CONTEXT, unknown, type ConstructInstance, type Context, type StaticValue } from './static-value.js';
import { InstancesByIteration } from './instances-by-iteration.js';
import { ConstructWalker, type FoundConstruct } from './walk-constructs.js';
import { ModuleOrder } from './module-order.js';
import { appendAll } from '../core/append-all.js';

/** Steps each construct may spend on its model (user, status, props) once the unit's steps have run out. */
export const MODEL_STEPS = 50;

/**
 * Text that may rewrite a `CfnParameter`'s `default` or a `CfnCondition`'s `expression`, or the logical id
 * `--parameter` names, through a construct reached other than by its variable (`node.findChild('Id')`,
 * an Aspect's `node.default = ...`, `Object.assign`): then none is read statically (`cfn-parameters.ts`).
 */
const CFN_REWRITES =
  /(?:\.\s*|\[\s*['"`])(?:default|expression)(?:['"`]\s*\])?\s*=(?!=)|overrideLogicalId|Reflect\s*\.\s*set|Object\s*\.\s*(?:assign|defineProperty)/;

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
  /** The scan deadline, read as the analysis spends its steps; default: none (the ESLint plugin). */
  readonly deadline?: Deadline;
  /** Whether some app of the project calls a class or function (`projectCallees`); default: none. */
  readonly calledInProject?: (node: ts.Node) => boolean;
  /** The `"context"` object of the `cdk.json` that runs this app (`app-context.ts`); default: none. */
  readonly cdkJsonContext?: ts.ObjectLiteralExpression;
  /** The file `cdk.json` runs as the CommonJS main module (`main-module.ts`, `require.main === module`); default: none. */
  readonly entryFile?: string;
  /**
   * The CloudFormation parameter names the scan gives values (`--parameter`, the configuration's
   * `parameters`): a `CfnParameter` they name is not read at its `default` (`cfn-parameters.ts`); default: none.
   */
  readonly givenParameters?: ReadonlySet<string>;
  /**
   * Whether to give the CLI's notes (imports of IAM constructs from modules not analysed, a generic
   * `CfnResource` whose type is not known, IAM classes handed on as values); default: true. The ESLint
   * plugin reports no notes, and the searches read every file of the app again.
   */
  readonly notes?: boolean;
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
 * `new CfnAccessKey(scope, id, { userName, status? })` (status defaults to Active), the same resources
 * written through `new CfnResource(scope, id, { type, properties })` (`generic-resources.ts`), and users
 * named by `User.fromUserName/fromUserArn/fromUserAttributes`. Never throws: a file with a syntax error is
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
  const byIteration = new InstancesByIteration();
  let addresses = new Map<ConstructInstance, string>();
  let sourceCharacters = 0;
  for (const sourceFile of analysed.values()) sourceCharacters += sourceFile.text.length;
  const budget = new AnalysisBudget(input.limits ?? DEFAULT_LIMITS, sourceCharacters, input.deadline);
  // The walk runs the files in the order running the app evaluates them: a module's writes are seen
  // before the modules importing it read what they wrote.
  const modules = new ModuleOrder(ts, analysed.values(), (fromFile, specifier) => input.resolveImport?.(fromFile, specifier));
  const host: EvaluatorHost = {
    index: new DeclarationIndex(ts),
    modules,
    sourceFile: (fileName) => analysed.get(fileName),
    resolveImport: (fromFile, specifier) => input.resolveImport?.(fromFile, specifier),
    instanceFor: (node, context) => {
      const { matching, steps } = byIteration.lookup(node, context);
      return budget.step(node, steps) ? instanceFor(matching, node) : unknown(OUT_OF_STEPS);
    },
    addressOf: (instance) => addresses.get(instance) ?? instance.id,
    userNamesWritten: [...analysed.values()].some(
      (file) => /UserName/i.test(file.text) && candidatesIn(ts, file).some((node) => propertyMatch(ts, node, USER_NAME) !== undefined),
    ),
    ...(input.cdkJsonContext === undefined ? {} : { appContext: new AppContext(ts, input.cdkJsonContext, () => analysed.values()) }),
    ...(input.entryFile === undefined ? {} : { entryFile: input.entryFile }),
    ...(input.givenParameters === undefined ? {} : { givenParameters: input.givenParameters }),
    cfnDeclarationsRewritable: [...analysed.values()].some((file) => CFN_REWRITES.test(file.text)),
    // Asked while the model is built, once the walk has run every `synth()`.
    synthesizedBetween: (instance, from, to) => walker.synths.synthesizedBetween(instance, from, to),
    addedAfterSynth: (call, scope) => walker.synths.addedAfterSynth(call, scope),
  };
  const evaluator = new ExpressionEvaluator(ts, host, budget, (e) => new StackNames(ts, e));
  const instances: ConstructInstance[] = [];
  const register = (found: FoundConstruct): void => {
    const sourceFile = found.node.getSourceFile();
    const instance: ConstructInstance = {
      node: found.node,
      sourceFile,
      constructClass: found.constructClass,
      context: found.context,
      id: instanceId(found.node, found.context),
      ...(found.generic ? { generic: true } : {}),
    };
    instances.push(instance);
    const list = registry.get(found.node) ?? [];
    list.push(instance);
    registry.set(found.node, list);
    byIteration.add(instance);
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
      const dropped = instances.splice(before);
      for (const instance of dropped)
        registry.set(
          instance.node,
          (registry.get(instance.node) ?? []).filter((i) => i !== instance),
        );
      byIteration.remove(dropped);
      const at = sourceFile ?? tooDeepFallback(instances);
      if (at) incomplete.push(parseError(nodeLocation(at, at), 'the file is nested too deeply to analyse'));
      return;
    }
    if (tooDeep)
      incomplete.push(parseError(nodeLocation(tooDeep, tooDeep.getSourceFile()), 'expression nested too deeply to analyse: the code inside it is skipped'));
  };
  for (const sourceFile of modules.files) walk(() => walker.walk(sourceFile), sourceFile);
  walk(() => walker.finish(), undefined);
  evaluator.filled.endWalk();
  if (budget.isExhausted('walkSteps') || budget.isExhausted('constructInstances')) {
    const existence = unwalkedReason(budget);
    for (const found of unwalkedConstructs(ts, analysed.values(), registry, evaluator)) register({ ...found, context: { ...EMPTY_CONTEXT, existence } });
  }
  addresses = constructAddresses(ts, evaluator, instances);

  // Aspects run after the app's code, on every construct of their scopes: what they may change, found once per unit.
  const constant = (expression: ts.Expression) => evaluator.evaluate(expression, EMPTY_CONTEXT);
  const adds = aspectAdds(ts, evaluator, analysed.values());
  const changes = (match: (node: ts.Node) => ChangeMatch, resource: RegExp, l1Class: 'CfnAccessKey' | 'CfnUser') =>
    aspectChanges(ts, analysed.values(), match, resource, l1Class, evaluator, adds, constant);
  // A generic `CfnResource` has no L1 setter (`node.status = ...` writes a field synthesis never reads):
  // only an Aspect's raw overrides and conditions can change it.
  const propertyAspects = (generic: boolean) => {
    const names = (l1: string, cfn: string) => ({ l1: generic ? undefined : l1, cfn });
    return {
      status: changes((node) => propertyMatch(ts, node, names('status', 'Status')), ACCESS_KEY_RESOURCE, 'CfnAccessKey'),
      loginProfile: changes((node) => propertyMatch(ts, node, names('loginProfile', 'LoginProfile')), USER_RESOURCE, 'CfnUser'),
      userName: changes((node) => propertyMatch(ts, node, names(USER_NAME.l1, USER_NAME.cfn)), USER_RESOURCE, 'CfnUser'),
      keyUserName: changes((node) => propertyMatch(ts, node, names(USER_NAME.l1, USER_NAME.cfn)), ACCESS_KEY_RESOURCE, 'CfnAccessKey'),
    };
  };
  const aspects = {
    ...propertyAspects(false),
    keyCondition: changes((node) => conditionMatch(ts, node), ACCESS_KEY_RESOURCE, 'CfnAccessKey'),
    userCondition: changes((node) => conditionMatch(ts, node), USER_RESOURCE, 'CfnUser'),
  };
  const hasAspects = Object.values(aspects).some((list) => list.length > 0);
  let genericAspects: typeof aspects | undefined;
  /** The Aspect changes whose scopes may hold the construct (`aspect-scopes.ts`). */
  const aspectsOf = (instance: ConstructInstance): AspectChanges => {
    if (!hasAspects) return aspects;
    const all = instance.generic ? (genericAspects ??= { ...aspects, ...propertyAspects(true) }) : aspects;
    const path = constructPath(ts, evaluator, instance);
    const visiting = (list: readonly AspectChange[]): readonly AspectChange[] => {
      const found = list.filter((change) => mayVisit(ts, evaluator, change.scopes, path, change.stopsAtStages));
      // One change, certainly made on this construct's resource (`AspectChange.surely`), decides; with
      // several, the order Aspects run in would matter, which credlint does not follow. A generic
      // `CfnResource` is no instance of `CfnAccessKey` or `CfnUser`: what an Aspect does to those may not reach it.
      const [only] = found;
      return found.length === 1 && only && path && !instance.generic && surelyVisits(ts, evaluator, only.surely, path) ? [{ ...only, certain: true }] : found;
    };
    return {
      status: visiting(all.status),
      loginProfile: visiting(all.loginProfile),
      userName: visiting(all.userName),
      keyUserName: visiting(all.keyUserName),
      keyCondition: visiting(all.keyCondition),
      userCondition: visiting(all.userCondition),
    };
  };
  const users: (readonly [ConstructInstance, IamUser])[] = [];
  const loginProfiles: LoginProfile[] = [];
  const keys: (readonly [ConstructInstance, AccessKey])[] = [];
  const apps = appLabels(ts, evaluator, instances);
  for (const instance of instances)
    budget.grace(MODEL_STEPS, () => {
      const placement = { account: stackAccount(ts, evaluator, instance), app: apps.get(instance) };
      const model = new InstanceModel(ts, evaluator, instance, addresses.get(instance) ?? instance.id, placement, aspectsOf(instance));
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
  if (input.notes !== false) {
    // A relative specifier names a project file even where it does not resolve (a file left out).
    const isProjectFile = (from: ts.SourceFile, specifier: string): boolean =>
      specifier.startsWith('.') || specifier.startsWith('/') || input.resolveImport?.(from.fileName, specifier) !== undefined;
    appendAll(diagnostics, unanalysedImportNotes(ts, analysed.values(), isProjectFile));
    appendAll(diagnostics, walker.genericResources.diagnostics());
    appendAll(diagnostics, iamClassValueNotes(ts, analysed.values(), constant));
  }
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

/** The `UserName` of a user's resource, and of a key's (the user it belongs to). */
const USER_NAME = { l1: 'userName', cfn: 'UserName' } as const;

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
  const first = [...parsed].sort((a, b) => a.start - b.start)[0] ?? specifierNotString(ts, sourceFile);
  if (!first) return undefined;
  const start = positionAt(sourceFile, first.start);
  const end = positionAt(sourceFile, first.start + Math.max(first.length, 0));
  const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  return parseError(
    { file: sourceFile.fileName, range: { start, end: first.length > 0 ? end : { line: start.line, column: start.column + 1 } } },
    `TypeScript syntax error: ${message}`,
  );
}

/**
 * An import or export whose module is not a string literal (`` import { App } from `aws-cdk-lib` ``): the
 * parser accepts it and leaves the error to the checker (tsc's TS1141 "String literal expected", which
 * ts-node reports before running the app), so the file was analysed as if its imports were unknown and a
 * scan of it was complete. It is a syntax error here, as for tsc.
 */
function specifierNotString(ts: typeof import('typescript'), sourceFile: ts.SourceFile): ts.DiagnosticWithLocation | undefined {
  for (const statement of sourceFile.statements) {
    const specifier =
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
        ? statement.moduleSpecifier
        : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
          ? statement.moduleReference.expression
          : undefined;
    if (specifier === undefined || ts.isStringLiteral(specifier)) continue;
    const start = specifier.getStart(sourceFile);
    const length = specifier.end - start;
    return { file: sourceFile, start, length, messageText: 'String literal expected.', category: ts.DiagnosticCategory.Error, code: 1141 };
  }
  return undefined;
}

/** The instance of `node` in the loop iteration the context is in (`InstancesByIteration.lookup`); a construct of another iteration cannot be told apart. */
function instanceFor(matching: readonly ConstructInstance[], node: ts.NewExpression): StaticValue {
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
