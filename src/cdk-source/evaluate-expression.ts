import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import { iamMember, isConstructClass, isSecretValueClass } from './iam-api.js';
import { parentOf } from './parent-of.js';
import { EnvironmentWrites, isProcessEnvironment } from './process-environment.js';
import type { Declaration } from './resolve-declaration.js';
import {
  arrayValue,
  concatenated,
  EMPTY_CONTEXT,
  hideIfSecret,
  objectEntry,
  opaque,
  overLimit,
  derivedUnknown,
  SECRET_VALUE,
  str,
  stringOf,
  strictlyEqual,
  truthiness,
  UNDEFINED,
  unknown,
  withoutKnownParts,
  type ConstructInstance,
  type Context,
  type StaticValue,
  type UnknownValue,
} from './static-value.js';
import { snippet } from './source-location.js';
import { thisChangeIn } from './this-changes.js';
import { unwrapExpression } from './unwrap-expression.js';
import type { AnalysisBudget } from './analysis-budget.js';
import { ConstructMembers } from './construct-members.js';
import { ModuleValues } from './module-values.js';
import { CallSites } from './call-sites.js';
import { ClassHierarchy } from './class-hierarchy.js';
import { MethodTargets } from './method-targets.js';
import { MutatedVariables } from './mutated-variables.js';
import { FilledObjects, type FillWrite } from './filled-objects.js';
import { collectionMember, isCollection, newCollection } from './collections.js';
import { BinaryOperators, MAX_STRING } from './evaluate-operators.js';
import type { Evaluator, EvaluatorHost } from './evaluator.js';
import { notAssignedYet } from './write-order.js';
import { appendAll } from '../core/append-all.js';
import { restOf } from './bind-pattern.js';
import { constructedArray, isArrayConstructor } from './array-from.js';
import { typeOfValue, UndeclaredNames } from './type-of.js';
import { mainModuleTest } from './main-module.js';
import { narrowTruthy } from './narrow-truthy.js';

/**
 * Evaluation limits of one expression: bad input must give `unknown`, never a hang or a stack
 * overflow. What all evaluations of a unit spend together is bounded by its `AnalysisBudget`.
 */
const MAX_DEPTH = 150;
const MAX_STEPS = 20_000;
const MAX_ITEMS = 10_000;

type NodeHandler = (node: ts.Expression, context: Context) => StaticValue;
type WrappingExpression = ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.SatisfiesExpression | ts.TypeAssertion;

/** Reads the `stackName` of a stack construct (`stack-name.ts`, which builds on this evaluator). */
export interface StackNameReader {
  /** The `stackName` read through `objectNode` (`text` is the whole read), or undefined where it leads to no stack. */
  of(objectNode: ts.Expression, context: Context, text: string): StaticValue | undefined;
}

/**
 * Evaluates TypeScript expressions the way synthesis would, as far as that is possible without
 * running code: literals, templates, `+`, `const`s, `let`s assigned once, class properties
 * (`this.user`), object and array literals, destructuring, imports from project files, and the IAM
 * API (`iam.AccessKeyStatus.INACTIVE`, `User.fromUserName`). Anything else is `unknown` with the
 * source text it stands for.
 */
export class ExpressionEvaluator implements Evaluator {
  private steps = 0;
  private depth = 0;
  private readonly inProgress = new Set<ts.Node>();
  private readonly assignments = new WeakMap<ts.Node, ts.Expression[]>();
  /** Per scope, every `name = ...` (and `name++`) in it by name: one pass per scope, not one per variable. */
  private readonly scopeAssignments = new WeakMap<ts.Node, Map<string, { readonly target: ts.Identifier; readonly values: readonly ts.Expression[] }[]>>();
  private readonly mutated: MutatedVariables;
  /** `selfChangeOf`, per object literal, once the project's uses are known. */
  private readonly selfChanges = new WeakMap<ts.ObjectLiteralExpression, string | undefined>();
  private readonly methods: MethodTargets;
  readonly filled: FilledObjects;
  readonly members: ConstructMembers;
  readonly modules: ModuleValues;
  readonly calls: CallSites;
  readonly classes: ClassHierarchy;
  /** The environment variables the app may write (`process.env.X = …`). */
  readonly environmentWrites: EnvironmentWrites;
  private readonly undeclared: UndeclaredNames;
  private readonly nodeHandlers: ReadonlyMap<ts.SyntaxKind, NodeHandler>;
  private readonly binaryOperators: BinaryOperators;

  private readonly stackNames: StackNameReader | undefined;

  constructor(
    readonly ts: typeof import('typescript'),
    readonly host: EvaluatorHost,
    readonly budget: AnalysisBudget,
    stackNames?: (evaluator: ExpressionEvaluator) => StackNameReader,
  ) {
    this.stackNames = stackNames?.(this);
    this.mutated = new MutatedVariables(ts, (identifier) => host.index.find(identifier)?.node, {
      accessesNamed: (name) => this.calls.accessesNamed(name),
      thisClassOf: (node) => this.calls.thisClassOf(node),
      mayExtend: (cls, ancestor) => this.classes.mayExtend(cls, ancestor),
      files: () => this.calls.files,
      collected: () => this.calls.collectedUses,
      importTarget: (identifier) => this.importTarget(identifier),
      methodBodies: (call) => this.methods.bodiesOf(call),
      classCreated: (site) => {
        const cls = this.calls.calleeOf(site);
        return cls && ts.isClassLike(cls) ? cls : undefined;
      },
    });
    this.methods = new MethodTargets(ts, {
      followedCallee: (call) => this.calls.calleeOf(call),
      thisClassOf: (node) => this.calls.thisClassOf(node),
      baseOf: (cls) => this.classes.baseOf(cls),
      extendsNode: (cls) => this.classes.extendsNode(cls),
      mayExtend: (cls, ancestor) => this.classes.mayExtend(cls, ancestor),
      cutAt: (cls) => {
        this.classes.cutAt(cls);
      },
      classes: () => this.calls.knownClasses,
      collected: () => this.calls.collectedUses,
      classCreated: (site) => {
        const cls = this.calls.calleeOf(site);
        return cls && ts.isClassLike(cls) ? cls : undefined;
      },
      declarationOf: (identifier) => host.index.find(identifier)?.node,
      importTarget: (identifier) => this.importTarget(identifier),
    });
    this.classes = new ClassHierarchy(this);
    this.calls = new CallSites(this, this.classes);
    this.filled = new FilledObjects(
      ts,
      this.mutated,
      (identifier) => host.index.find(identifier)?.node,
      (node) => this.calls.relevance.mustVisit(node),
      (node) => this.members.thisClass(node),
      (name) => this.calls.onlyIndexed(name),
      () => host.modules,
    );
    this.members = new ConstructMembers(this, this.calls, this.classes);
    this.modules = new ModuleValues(this);
    this.environmentWrites = new EnvironmentWrites(ts, host.index, () => this.calls.files);
    this.undeclared = new UndeclaredNames(() => this.calls.files);
    this.nodeHandlers = this.nodeTable();
    this.binaryOperators = new BinaryOperators(ts, this);
  }

  evaluate(expression: ts.Expression, context: Context): StaticValue {
    if (!this.budget.step(expression)) return unknown(OUT_OF_STEPS);
    if (this.depth === 0) this.steps = 0;
    if (++this.steps > MAX_STEPS) return overLimit('the expression is too complex to evaluate');
    if (this.depth >= MAX_DEPTH) {
      this.budget.nestedTooDeeply(expression);
      return unknown('the expression is nested too deeply to evaluate');
    }
    this.depth += 1;
    try {
      return limit(this.evaluateNode(expression, context));
    } finally {
      this.depth -= 1;
    }
  }

  /**
   * Spends from the budgets what `evaluate(chain[0])` spends when each expression of `chain` evaluates
   * only the next one (`a.b` evaluates `a`) and the last one nothing further (a global, a package's
   * import): a caller that knows the value without evaluating it leaves every budget as evaluation
   * would have, so that where an analysis runs out of steps does not depend on the shortcut.
   */
  spendAsEvaluated(chain: readonly ts.Expression[]): void {
    for (const [nesting, expression] of chain.entries()) {
      const depth = this.depth + nesting;
      if (!this.budget.step(expression)) return;
      if (depth === 0) this.steps = 0;
      if (++this.steps > MAX_STEPS || depth >= MAX_DEPTH) return;
    }
  }

  /** The handler of an expression's syntax kind; other kinds are opaque (their source text). */
  private evaluateNode(node: ts.Expression, context: Context): StaticValue {
    const handler = this.nodeHandlers.get(node.kind);
    return handler ? handler(node, context) : opaque(snippet(node, node.getSourceFile()));
  }

  /** One small handler per syntax kind the evaluator understands (kinds come from the `ts` passed in: versions number them differently). */
  private nodeTable(): Map<ts.SyntaxKind, NodeHandler> {
    const k = this.ts.SyntaxKind;
    const text: NodeHandler = (node) => str((node as ts.StringLiteral | ts.NoSubstitutionTemplateLiteral).text);
    const inner: NodeHandler = (node, context) => this.evaluate((node as WrappingExpression).expression, context);
    const callable: NodeHandler = (node) => ({ kind: 'callable', node: node as ts.ArrowFunction | ts.FunctionExpression | ts.ClassExpression });
    return new Map<ts.SyntaxKind, NodeHandler>([
      [k.StringLiteral, text],
      [k.NoSubstitutionTemplateLiteral, text],
      [k.NumericLiteral, (node) => ({ kind: 'number', value: Number((node as ts.NumericLiteral).text) })],
      [k.TrueKeyword, () => ({ kind: 'boolean', value: true })],
      [k.FalseKeyword, () => ({ kind: 'boolean', value: false })],
      [k.NullKeyword, () => ({ kind: 'null' })],
      [k.ThisKeyword, (node, context) => this.objectLiteralThis(node, context) ?? this.members.thisValue(node, context)],
      [k.ParenthesizedExpression, inner],
      [k.AsExpression, inner],
      [k.NonNullExpression, inner],
      [k.SatisfiesExpression, inner],
      [k.TypeAssertionExpression, inner],
      [k.Identifier, (node, context) => this.identifier(node as ts.Identifier, context)],
      [k.TemplateExpression, (node, context) => this.template(node as ts.TemplateExpression, context)],
      [
        k.BinaryExpression,
        (node, context) =>
          mainModuleTest(this.ts, this.host.index, node as ts.BinaryExpression, this.host.entryFile) ??
          this.binaryOperators.evaluate(node as ts.BinaryExpression, context),
      ],
      [k.PrefixUnaryExpression, (node, context) => this.prefix(node as ts.PrefixUnaryExpression, context)],
      [k.TypeOfExpression, (node, context) => this.typeOf(node as ts.TypeOfExpression, context)],
      [k.ConditionalExpression, (node, context) => this.conditional(node as ts.ConditionalExpression, context)],
      [k.ArrayLiteralExpression, (node, context) => this.array(node as ts.ArrayLiteralExpression, context)],
      [k.ObjectLiteralExpression, (node, context) => this.object(node as ts.ObjectLiteralExpression, context)],
      // What is known of an unknown string (a template's literal text) says nothing of an element of
      // it (`[0]`) or of what a call computes from it (`.slice(1)`): those results drop it.
      [k.PropertyAccessExpression, (node, context) => this.propertyAccess(node as ts.PropertyAccessExpression, context)],
      [k.ElementAccessExpression, (node, context) => withoutKnownParts(this.elementAccess(node as ts.ElementAccessExpression, context))],
      // A call's result keeps known parts only where it is built from the string's text (`construct-members.ts`).
      [k.CallExpression, (node, context) => this.required(node as ts.CallExpression) ?? this.members.call(node as ts.CallExpression, context)],
      [k.NewExpression, (node, context) => this.newExpression(node as ts.NewExpression, context)],
      [k.ArrowFunction, callable],
      [k.FunctionExpression, callable],
      [k.ClassExpression, callable],
    ]);
  }

  private conditional(node: ts.ConditionalExpression, context: Context): StaticValue {
    const condition = this.evaluate(node.condition, context);
    const truth = truthiness(condition);
    if (truth !== undefined) return this.evaluate(truth ? node.whenTrue : node.whenFalse, context);
    const narrowed = (when: boolean) =>
      narrowTruthy(this.ts, this.host.index, (expression, at) => this.evaluate(expression, at), context, node.condition, when);
    const [a, b] = [this.evaluate(node.whenTrue, narrowed(true)), this.evaluate(node.whenFalse, narrowed(false))];
    return strictlyEqual(a, b) === true ? a : conditionUnknown(condition, node.condition, isSet(a) && isSet(b));
  }

  private propertyAccess(node: ts.PropertyAccessExpression, context: Context): StaticValue {
    return this.member(node, node.expression, node.name.text, context);
  }

  private elementAccess(node: ts.ElementAccessExpression, context: Context): StaticValue {
    const key = this.evaluate(node.argumentExpression, context);
    const name = stringOf(key);
    return name === undefined || key.kind === 'undefined' || key.kind === 'null'
      ? propagate(key, snippet(node, node.getSourceFile()))
      : this.member(node, node.expression, name, context);
  }

  /**
   * What a `new` calls, evaluated without bindings. A `new` of a `new` (`new new X`, `new (new X())()`)
   * calls an instance, which is never a class credlint analyses, so it is not evaluated: each `new` of
   * a chain would evaluate the chain below it again, and 1,000 of them took over a minute.
   */
  calleeValue(node: ts.NewExpression): StaticValue {
    if (this.ts.isNewExpression(unwrapExpression(this.ts, node.expression))) {
      return unknown(`${snippet(node.expression, node.getSourceFile())} is an instance, which credlint does not call`);
    }
    return this.evaluate(node.expression, EMPTY_CONTEXT);
  }

  private newExpression(node: ts.NewExpression, context: Context): StaticValue {
    if (isSecretValueClass(this.ts, node.expression)) return SECRET_VALUE;
    const t = this.ts;
    // `new Set([...])`, `new Map([...])` of the globals (no project declaration of the name).
    if (t.isIdentifier(node.expression) && (node.expression.text === 'Set' || node.expression.text === 'Map') && !this.host.index.find(node.expression)) {
      const first = node.arguments?.[0];
      const iterable =
        first === undefined ? undefined : t.isSpreadElement(first) ? opaque(snippet(first, node.getSourceFile())) : this.evaluate(first, context);
      return newCollection(node.expression.text === 'Set' ? 'set' : 'map', iterable, snippet(node, node.getSourceFile()));
    }
    if (isArrayConstructor(t, node.expression, (name) => this.host.index.find(name) !== undefined)) {
      const args = node.arguments ?? [];
      return constructedArray(
        args.some((a) => t.isSpreadElement(a)) ? undefined : args.map((a) => this.evaluate(a, context)),
        snippet(node, node.getSourceFile()),
      );
    }
    const callee = this.calleeValue(node);
    if (isConstructClass(callee)) return this.host.instanceFor(node, context);
    const cls = this.calls.calleeOf(node);
    // A project class extending an IAM construct class: the instance is that IAM construct (`new SmtpUser(...)` is a user).
    if (cls && this.ts.isClassLike(cls) && this.classes.constructClassOf(cls)) return this.host.instanceFor(node, context);
    if (cls && this.ts.isClassLike(cls))
      return { kind: 'class-instance', cls, context: this.calls.enter(node, 'new', cls, this.calls.argumentsOf(node, context), context) };
    // Another construct or object: it exists at synth time, its attributes are tokens.
    const text = snippet(node, node.getSourceFile());
    // An instance of aws-cdk-lib is a token; one of another class (a construct library, a file not analysed)
    // is not said to come from aws-cdk-lib: its attributes are simply not known statically.
    if (callee.kind === 'unknown' && callee.token !== true)
      return unknown(`${text} creates an instance of ${snippet(node.expression, node.getSourceFile())}, a class credlint does not analyse`, text);
    return opaque(text, true);
  }

  // ---- names ----

  private identifier(node: ts.Identifier, context: Context): StaticValue {
    if (node.text === 'undefined') return UNDEFINED;
    if (node.text === 'NaN') return { kind: 'number', value: Number.NaN };
    if (node.text === 'Infinity') return { kind: 'number', value: Number.POSITIVE_INFINITY };
    const declaration = this.host.index.find(node);
    if (!declaration) return opaque(node.text);
    return this.declaration(declaration, node.text, context, node);
  }

  /**
   * The value a declaration gives a name, in `context` (which binds loop variables and callback
   * parameters); `read` is the name read, undefined when read through an import.
   */
  declaration(declaration: Declaration, name: string, context: Context, read?: ts.Node): StaticValue {
    const t = this.ts;
    switch (declaration.kind) {
      case 'parameter':
        return hideIfSecret(name, context.bindings.get(declaration.leaf) ?? opaque(name));
      case 'import':
        return this.modules.importValue(declaration.sourceFile, declaration.module, declaration.imported, name, context.writesSeen);
      case 'enum':
        return this.guarded(declaration.node, name, () => this.enumValue(declaration.node, context));
      case 'class':
        return { kind: 'callable', node: declaration.node };
      case 'other': {
        const node = declaration.node;
        if ((t.isFunctionDeclaration(node) || t.isFunctionExpression(node)) && node.body) return { kind: 'callable', node };
        return t.isClassDeclaration(node) ? { kind: 'callable', node } : opaque(name);
      }
      case 'variable':
        return hideIfSecret(name, this.variable(declaration, name, context, read));
    }
  }

  private variable(declaration: Extract<Declaration, { kind: 'variable' }>, name: string, context: Context, read: ts.Node | undefined): StaticValue {
    const t = this.ts;
    const bound = context.bindings.get(declaration.leaf);
    if (bound) return bound;
    const variable = declaration.node;
    const statement = variable.parent.parent;
    if (t.isForOfStatement(statement) || t.isForInStatement(statement) || t.isForStatement(statement)) return opaque(name);
    const held = this.heldBy(variable, name);
    if ('value' in held) return held.value;
    // Declared without an initializer, the variable is undefined until its one assignment runs.
    const pending = variable.initializer ? undefined : notAssignedYet(t, variable, held.expression, read, context, name);
    if (pending) return unknown(pending);
    return this.guarded(variable, name, () =>
      this.unlessChanged(variable, name, this.destructure(this.evaluate(held.expression, context), declaration.path, context, name), context),
    );
  }

  changeOf(variable: ts.VariableDeclaration): string | undefined {
    return this.mutated.changeOf(variable);
  }

  /** What an imported name is, for `MutatedVariables`: a project file's declaration, a project file imported whole, or a package's. */
  private importTarget(identifier: ts.Identifier): { declaration?: ts.Node; file?: ts.SourceFile; package?: true } | undefined {
    const declaration = this.host.index.find(identifier);
    if (declaration?.kind !== 'import') return undefined;
    const file = this.modules.projectFile(declaration.sourceFile, declaration.module);
    if (!file) return declaration.module.startsWith('.') || declaration.module.startsWith('/') ? {} : { package: true };
    if (declaration.imported === '*') return { file };
    return { declaration: this.modules.exportedDeclaration(file, declaration.imported)?.node };
  }

  memberChangeOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    return this.mutated.memberChangeOf(cls, name);
  }

  memberWriteOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
    return this.mutated.memberWriteOf(cls, name);
  }

  filledMember(property: ts.PropertyDeclaration, initial: StaticValue, context: Context, text: string): StaticValue | undefined {
    return this.filled.read(property, initial, context, text);
  }

  fillWritesToVisit(candidates: readonly FillWrite[]): FillWrite[] {
    return this.filled.writesToVisit(candidates);
  }

  /**
   * An array or object that the code changes in place after declaring it is not what its declaration
   * says (`mutated-variables.ts`), unless it is filled by plain property writes the walk saw (`filled-objects.ts`).
   */
  private unlessChanged(variable: ts.VariableDeclaration, name: string, value: StaticValue, context: Context): StaticValue {
    if (value.kind !== 'array' && value.kind !== 'object') return value;
    if (isCollection(value) && !this.mutated.usedOnlyAsCollection(variable))
      return unknown(`${name} is put or passed where credlint does not follow its changes`);
    // Of a name a destructuring pattern binds, the changes of the declared value's other parts count too.
    const change = this.mutated.changeOf(variable, this.ts.isIdentifier(variable.name) ? changeableDepth(value) : Infinity);
    if (change === undefined) return value;
    return this.filled.read(variable, value, context, name) ?? unknown(`${name} is changed after it is declared (${change})`);
  }

  /** The expression a variable holds: its initializer if never reassigned, its one assignment if declared without one. */
  private heldBy(variable: ts.VariableDeclaration, name: string): { expression: ts.Expression } | { value: StaticValue } {
    const t = this.ts;
    const isConst = (t.getCombinedNodeFlags(variable) & t.NodeFlags.Const) !== 0;
    if (isConst) return variable.initializer ? { expression: variable.initializer } : { value: UNDEFINED };
    const assigned = this.assignmentsOf(variable);
    if (variable.initializer && assigned.length === 0) return { expression: variable.initializer };
    const only = assigned[0];
    if (!variable.initializer && assigned.length === 1 && only) return { expression: only };
    if (!variable.initializer && assigned.length === 0) return { value: UNDEFINED };
    return { value: unknown(`${name} is assigned more than once`) };
  }

  /** Right-hand sides of `x = ...` for a `let`/`var` (compound assignments and `++` count as unknown ones). */
  private assignmentsOf(variable: ts.VariableDeclaration): ts.Expression[] {
    const t = this.ts;
    const cached = this.assignments.get(variable);
    if (cached) return cached;
    const name = t.isIdentifier(variable.name) ? variable.name.text : undefined;
    const scope = parentOf(variable.parent.parent);
    // A destructured `let` is taken as never reassigned (assignments to its names are not tracked).
    const candidates = name !== undefined && scope ? (this.assignmentsIn(scope).get(name) ?? []) : [];
    const found = candidates.filter((c) => this.host.index.find(c.target)?.node === variable).flatMap((c) => c.values);
    this.assignments.set(variable, found);
    return found;
  }

  /** Every assignment to a plain name in `scope`, by name (a compound one, `+=` or `++`, listed twice: never "the one"). */
  private assignmentsIn(scope: ts.Node): Map<string, { readonly target: ts.Identifier; readonly values: readonly ts.Expression[] }[]> {
    const t = this.ts;
    const cached = this.scopeAssignments.get(scope);
    if (cached) return cached;
    const found = new Map<string, { target: ts.Identifier; values: ts.Expression[] }[]>();
    const add = (target: ts.Identifier, values: ts.Expression[]) => {
      const list = found.get(target.text) ?? [];
      list.push({ target, values });
      found.set(target.text, list);
    };
    const visit = (node: ts.Node, depth: number): void => {
      if (depth > 500) return;
      if (isAssignment(t, node) && t.isIdentifier(node.left)) {
        add(node.left, node.operatorToken.kind === t.SyntaxKind.EqualsToken ? [node.right] : [node.right, node.right]);
      } else if ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) && t.isIdentifier(node.operand)) {
        const operator = node.operator;
        if (isIncrement(t, operator)) add(node.operand, [node.operand, node.operand]);
      }
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    visit(scope, 0);
    this.scopeAssignments.set(scope, found);
    return found;
  }

  /**
   * `require('./config/team.json')`, CommonJS's own `require` (no project declaration of that name)
   * of a relative path: what it loads, resolved from the source file as `ts-node` (which `cdk.json`
   * runs) resolves it — a JSON file's whole value, a project file's exports. Undefined for any other
   * call, which `construct-members.ts` evaluates.
   */
  private required(node: ts.CallExpression): StaticValue | undefined {
    const t = this.ts;
    const [argument] = node.arguments;
    if (!t.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return undefined;
    if (!argument || !t.isStringLiteralLike(argument) || !/^\.\.?\//.test(argument.text) || this.host.index.find(node.expression)) return undefined;
    const name = snippet(node, node.getSourceFile());
    const file = this.modules.projectFile(node.getSourceFile(), argument.text);
    if (file?.fileName.endsWith('.json')) return this.modules.exported(file, 'default', name, new Set());
    return this.modules.importValue(node.getSourceFile(), argument.text, '*', name);
  }

  private destructure(value: StaticValue, path: readonly ts.BindingElement[], context: Context, name: string): StaticValue {
    const t = this.ts;
    let current = value;
    for (const element of path) {
      const pattern = element.parent;
      if (element.dotDotDotToken) {
        const rest = restOf(this, element, current, context);
        if (!rest) return unknown(`${name} collects the rest of a destructured value`);
        current = rest;
        continue;
      }
      if (t.isObjectBindingPattern(pattern)) {
        const key = element.propertyName ?? element.name;
        const keyName = t.isIdentifier(key) || t.isStringLiteral(key) || t.isNumericLiteral(key) ? key.text : undefined;
        current = keyName === undefined ? unknown(`${name} is destructured with a computed key`) : this.memberOf(current, keyName, undefined);
      } else {
        current = this.memberOf(current, String(pattern.elements.indexOf(element)), undefined);
      }
      if (current.kind === 'undefined' && element.initializer) current = this.evaluate(element.initializer, context);
    }
    return current;
  }

  /** Runs `evaluate` for a declaration once at a time: a declaration that depends on itself is unknown. */
  guarded(node: ts.Node, name: string, evaluate: () => StaticValue): StaticValue {
    if (this.inProgress.has(node)) return unknown(`${name} depends on itself`);
    this.inProgress.add(node);
    try {
      return evaluate();
    } finally {
      this.inProgress.delete(node);
    }
  }

  private enumValue(node: ts.EnumDeclaration, context: Context): StaticValue {
    const entries = new Map<string, StaticValue>();
    let next = 0;
    for (const member of node.members) {
      const key = member.name.getText(node.getSourceFile()).replace(/^["']|["']$/g, '');
      const value: StaticValue = member.initializer ? this.evaluate(member.initializer, context) : { kind: 'number', value: next };
      entries.set(key, value);
      next = value.kind === 'number' ? value.value + 1 : Number.NaN;
    }
    return { kind: 'object', entries };
  }

  // ---- operators ----

  private template(node: ts.TemplateExpression, context: Context): StaticValue {
    // An unknown part leaves what the literal text says of the string: `${ctx}-dev-api` ends with `-dev-api`.
    const pieces: (string | UnknownValue)[] = [node.head.text];
    let length = node.head.text.length;
    for (const span of node.templateSpans) {
      const value = this.evaluate(span.expression, context);
      const part = this.textOf(value);
      if (typeof part === 'string') pieces.push(part);
      else if (part.kind === 'unknown') pieces.push(part);
      else return part;
      pieces.push(span.literal.text);
      length += (typeof part === 'string' ? part.length : 0) + span.literal.text.length;
      if (length > MAX_STRING) return overLimit('the string is too long to evaluate');
    }
    return concatenated(pieces.filter((piece) => piece !== ''));
  }

  /** A value as text in a template or concatenation, or why it cannot be. */
  textOf(value: StaticValue): string | StaticValue {
    const text = stringOf(value);
    if (text !== undefined) return text;
    if (value.kind === 'unknown') return value;
    if (value.kind === 'generated-user-name')
      return value.unknown ?? unknown(`${this.host.addressOf(value.instance)} has no userName: its name is generated at deploy time`);
    return unknown('a value that is not a string is used as text');
  }

  /** `typeof x`: the type of a known value; `'undefined'` for a name nothing declares (`type-of.ts`). */
  private typeOf(node: ts.TypeOfExpression, context: Context): StaticValue {
    const operand = unwrapExpression(this.ts, node.expression);
    if (this.ts.isIdentifier(operand) && operand.text !== 'undefined' && !this.host.index.find(operand)) return this.undeclared.typeOf(operand.text);
    const value = this.evaluate(node.expression, context);
    return typeOfValue(value) ?? (value.kind === 'unknown' ? value : opaque(snippet(node, node.getSourceFile())));
  }

  private prefix(node: ts.PrefixUnaryExpression, context: Context): StaticValue {
    const t = this.ts;
    const operand = this.evaluate(node.operand, context);
    if (node.operator === t.SyntaxKind.ExclamationToken) {
      const truth = truthiness(operand);
      return truth === undefined ? operand : { kind: 'boolean', value: !truth };
    }
    if (node.operator === t.SyntaxKind.MinusToken && operand.kind === 'number') return { kind: 'number', value: -operand.value };
    return operand.kind === 'unknown' ? operand : opaque(snippet(node, node.getSourceFile()));
  }

  private array(node: ts.ArrayLiteralExpression, context: Context): StaticValue {
    const t = this.ts;
    const items: StaticValue[] = [];
    const holes = new Set<number>();
    for (const element of node.elements) {
      if (t.isSpreadElement(element)) {
        // A spread iterates, so a hole of the spread array becomes `undefined` here (`[...Array(2)]`).
        const spread = this.evaluate(element.expression, context);
        if (spread.kind !== 'array') return spread.kind === 'unknown' ? spread : opaque(snippet(element.expression, node.getSourceFile()));
        appendAll(items, spread.items);
      } else if (t.isOmittedExpression(element)) {
        // `[a, , b]`: a hole, which `forEach` and `map` skip.
        holes.add(items.length);
        items.push(UNDEFINED);
      } else {
        items.push(this.evaluate(element, context));
      }
      if (items.length > MAX_ITEMS) return overLimit('the array is too long to evaluate');
    }
    return arrayValue(items, holes);
  }

  private object(node: ts.ObjectLiteralExpression, context: Context): StaticValue {
    const t = this.ts;
    const selfChange = this.selfChangeOf(node);
    if (selfChange !== undefined) return unknown(selfChange);
    const entries = new Map<string, StaticValue>();
    const getters: [string, ts.GetAccessorDeclaration][] = [];
    let rest: UnknownValue | undefined;
    for (const property of node.properties) {
      if (t.isSpreadAssignment(property)) {
        // `{ ...a, k }`: later keys win; a spread of an unknown value may define (or overwrite) any key,
        // so the keys before it and the keys not written after it are unknown, never absent.
        const spread = this.evaluate(property.expression, context);
        if (spread.kind === 'undefined' || spread.kind === 'null' || spread.kind === 'number' || spread.kind === 'boolean') continue;
        const unknownPart = spread.kind === 'object' ? spread.rest : spreadUnknown(spread, property.expression);
        if (unknownPart) {
          for (const key of entries.keys()) entries.set(key, unknown(`${key} may be overwritten by ${unknownPart.reason}`));
          rest = unknownPart;
        }
        if (spread.kind === 'object') for (const [key, value] of spread.entries) entries.set(key, value);
        continue;
      }
      const key = this.propertyName(property.name, context);
      if (key === undefined) return unknown(`a computed key in ${snippet(node, node.getSourceFile(), 40)} is not known statically`);
      if (t.isPropertyAssignment(property)) entries.set(key, hideIfSecret(key, this.evaluate(property.initializer, context)));
      else if (t.isShorthandPropertyAssignment(property)) entries.set(key, hideIfSecret(key, this.evaluate(property.name, context)));
      // A method is called with `this` the object it is called on (`call-sites.ts`, `enter`).
      else if (t.isMethodDeclaration(property) && property.body) entries.set(key, { kind: 'callable', node: property });
      else if (t.isGetAccessorDeclaration(property)) getters.push([key, property]);
      else entries.set(key, opaque(key));
    }
    const self: StaticValue = rest ? { kind: 'object', entries, rest } : { kind: 'object', entries };
    // A getter reads the object's other properties through `this` (`get names() { return this.list; }`):
    // what it returns for this object, the way a read of the property runs it.
    for (const [key, getter] of getters) {
      const bindings = new Map(context.bindings).set(getter, self);
      entries.set(key, hideIfSecret(key, this.calls.returnValue(getter, { ...context, bindings }, key)));
    }
    return self;
  }

  /**
   * Why an object literal's value may not stay as written: a method of it (also a `function`
   * property, getter or setter) that may change the object through `this` (`grow(n) { this.list.push(n); }`:
   * `this-changes.ts`), named anywhere in the project (`team.grow('bo')`, whichever object that reaches).
   * Asked while the project's uses are being listed, only the answer once they are known is kept.
   */
  private selfChangeOf(node: ts.ObjectLiteralExpression): string | undefined {
    const t = this.ts;
    if (this.selfChanges.has(node)) return this.selfChanges.get(node);
    let answer: string | undefined;
    for (const property of node.properties) {
      const value = t.isPropertyAssignment(property) ? unwrapExpression(t, property.initializer) : property;
      const method = t.isMethodDeclaration(value) || t.isAccessor(value) || t.isFunctionExpression(value) ? value : undefined;
      const change = method?.body && thisChangeIn(t, method.body);
      if (!change || !property.name) continue;
      const name = t.isIdentifier(property.name) || t.isStringLiteralLike(property.name) ? property.name.text : undefined;
      const uses = name === undefined ? undefined : this.calls.accessesNamed(name);
      if (uses === undefined && !this.calls.collectedUses) return undefined;
      if (uses === undefined || uses.length > 0 || t.isAccessor(value)) {
        answer = `${name ?? 'a method'} may change the object through this (${snippet(change, change.getSourceFile())})`;
        break;
      }
    }
    this.selfChanges.set(node, answer);
    return answer;
  }

  /**
   * `this` inside a method or getter of an object literal, or inside a `function` (an arrow function
   * there sees the same one): the object the call or read is made on, as `enter` or `object` bound it;
   * undefined elsewhere.
   */
  private objectLiteralThis(thisNode: ts.Node, context: Context): StaticValue | undefined {
    const t = this.ts;
    let owner = parentOf(thisNode);
    while (owner && (!t.isFunctionLike(owner) || t.isArrowFunction(owner)) && !t.isClassLike(owner)) owner = parentOf(owner);
    // A `function` has the `this` of its call: the receiver of `o.fill()` (`enter`), else not known.
    if (owner && t.isFunctionExpression(owner)) return context.bindings.get(owner) ?? opaque('this');
    const literal = owner && parentOf(owner);
    if (!owner || !literal || !t.isObjectLiteralExpression(literal) || !(t.isMethodDeclaration(owner) || t.isAccessor(owner))) return undefined;
    return context.bindings.get(owner) ?? opaque('this');
  }

  /** A property's name when known statically (identifiers, string and number literals, known computed keys). */
  propertyName(name: ts.PropertyName | undefined, context: Context): string | undefined {
    const t = this.ts;
    if (!name) return undefined;
    if (t.isIdentifier(name) || t.isStringLiteral(name) || t.isNumericLiteral(name) || t.isPrivateIdentifier(name) || t.isNoSubstitutionTemplateLiteral(name))
      return name.text;
    if (t.isComputedPropertyName(name)) {
      const key = this.evaluate(name.expression, context);
      return key.kind === 'string' || key.kind === 'number' ? String(key.value) : undefined;
    }
    return undefined;
  }

  // ---- members ----

  private member(node: ts.Expression, objectNode: ts.Expression, name: string, context: Context): StaticValue {
    const t = this.ts;
    if (objectNode.kind === t.SyntaxKind.ThisKeyword) {
      const self = this.objectLiteralThis(objectNode, context);
      if (self) return this.memberOf(self, name, node);
      const value = this.members.thisProperty(objectNode, name, context, node);
      return name === 'stackName' && value.kind === 'unknown' ? (this.stackName(node, objectNode, context) ?? value) : value;
    }
    // `key.node.defaultChild`: the L1 resource of an IAM construct is the one resource modelled for it
    // (for its escape hatches, `escape-hatches.ts`).
    if (name === 'defaultChild' && t.isPropertyAccessExpression(objectNode) && objectNode.name.text === 'node') {
      const owner = this.evaluate(objectNode.expression, context);
      if (owner.kind === 'construct') return owner;
    }
    // `key.node.id`: the id an IAM construct was created with (constructs' `Node.id`).
    if (name === 'id' && t.isPropertyAccessExpression(objectNode) && objectNode.name.text === 'node') {
      const owner = this.evaluate(objectNode.expression, context);
      const id = owner.kind === 'construct' ? this.constructId(owner.instance) : undefined;
      if (id !== undefined) return id;
    }
    const constant = this.numberConstant(objectNode, name);
    if (constant !== undefined) return constant;
    const evaluated = this.evaluate(objectNode, context);
    // `props?.status`: an optional chain on undefined is undefined (optional props left out).
    if ((evaluated.kind === 'undefined' || evaluated.kind === 'null') && t.isOptionalChain(node)) return UNDEFINED;
    // `props.people.users` read where a construct is created: the instance's properties filled in
    // place hold what the walk had written by then (`filled-objects.ts`), not what it wrote later.
    const object =
      evaluated.kind === 'class-instance' && context.writesSeen !== undefined
        ? { ...evaluated, context: { ...evaluated.context, writesSeen: context.writesSeen } }
        : evaluated;
    // A member of a module imported whole (`config.names` of `import * as config`), read where the walk is.
    const value =
      object.kind === 'module'
        ? this.modules.exported(object.file, name, snippet(node, node.getSourceFile()), new Set(), context.writesSeen)
        : this.memberOf(object, name, node);
    // `stack.stackName` of an aws-cdk-lib `Stack` (a token here) or of a project class extending it.
    if (name === 'stackName' && value.kind === 'unknown' && ((object.kind === 'unknown' && object.token === true) || object.kind === 'class-instance'))
      return this.stackName(node, objectNode, context) ?? value;
    return value.kind === 'unknown' && isProcessEnvironment(t, this.host.index, objectNode) ? { ...value, environmentVariable: name } : value;
  }

  /**
   * The id argument of an aws-cdk-lib IAM construct's `new`, evaluated where it was created; undefined
   * for an instance of a project subclass, whose constructor may pass `super` another id
   * (https://docs.aws.amazon.com/cdk/api/v2/docs/constructs.Node.html#id).
   */
  private constructId(instance: ConstructInstance): StaticValue | undefined {
    const idArgument = instance.node.arguments?.[1];
    if (idArgument === undefined || this.calleeValue(instance.node).kind !== 'iam') return undefined;
    return this.evaluate(idArgument, instance.context);
  }

  /** `stackName` read through `objectNode` when it leads to a stack (`stack-name.ts`), else undefined. */
  private stackName(node: ts.Expression, objectNode: ts.Expression, context: Context): StaticValue | undefined {
    return this.stackNames?.of(objectNode, context, snippet(node, node.getSourceFile()));
  }

  /**
   * `Number.MAX_SAFE_INTEGER` and the other constant properties of the global `Number` (not a project
   * declaration of that name), a common "no limit" default (`inactiveFrom = Number.MAX_SAFE_INTEGER`).
   * https://tc39.es/ecma262/#sec-properties-of-the-number-constructor
   */
  private numberConstant(objectNode: ts.Expression, name: string): StaticValue | undefined {
    const value = NUMBER_CONSTANTS.get(name);
    if (value === undefined || !this.ts.isIdentifier(objectNode) || objectNode.text !== 'Number' || this.host.index.find(objectNode)) return undefined;
    return { kind: 'number', value };
  }

  /** `value[name]`; `node` is the whole access, for messages. */
  memberOf(value: StaticValue, name: string, node: ts.Expression | undefined): StaticValue {
    const text = () => (node ? snippet(node, node.getSourceFile()) : name);
    switch (value.kind) {
      case 'object':
        return hideIfSecret(name, objectEntry(value, name));
      case 'array': {
        if (isCollection(value)) return collectionMember(value, name, text());
        if (name === 'length') return { kind: 'number', value: value.items.length };
        const index = /^\d+$/.test(name) ? Number(name) : Number.NaN;
        return Number.isNaN(index) ? opaque(text()) : (value.items[index] ?? UNDEFINED);
      }
      case 'string':
        return name === 'length' ? { kind: 'number', value: value.value.length } : opaque(text());
      case 'iam':
        // Any other member of aws-cdk-lib (`cdk.Fn`, `cdk.SecretValue`, `iam.Policy`) yields tokens or objects.
        return iamMember(value.entity, name) ?? opaque(text(), true);
      case 'module':
        return this.modules.exported(value.file, name, text(), new Set());
      case 'construct':
      case 'imported-user':
        return this.members.constructMember(value, name, text());
      case 'class-instance':
        return this.members.classProperty(value.cls, name, value.context, text());
      case 'callable':
        return this.members.staticProperty(value.node, name, text());
      case 'unknown':
        // `Aws.NO_VALUE` (CloudFormation's `Ref: AWS::NoValue`) leaves out the property it is given to.
        if (name === 'NO_VALUE' && value.token === true && /(?:^|\.)Aws$/.test(value.subject ?? '')) return { ...opaque(text(), true), mayBeNoValue: true };
        // A member of an unknown string (`.length`) is not that string: what is known of it is dropped.
        return value.subject === undefined ? withoutKnownParts(value) : opaque(text(), value.token);
      case 'undefined':
      case 'null':
        return unknown(`${text()} reads a property of ${value.kind}`);
      default:
        return opaque(text());
    }
  }
}

const NUMBER_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
  ['MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER],
  ['MAX_VALUE', Number.MAX_VALUE],
  ['MIN_VALUE', Number.MIN_VALUE],
  ['EPSILON', Number.EPSILON],
  ['POSITIVE_INFINITY', Number.POSITIVE_INFINITY],
  ['NEGATIVE_INFINITY', Number.NEGATIVE_INFINITY],
  ['NaN', Number.NaN],
]);

/** Why a value is unknown once the unit's analysis has spent its steps (docs/security.md). */
export const OUT_OF_STEPS = 'not evaluated: the analysis ran out of steps (limit walkSteps)';

/** Unknown because a condition is: its own reason, or that it is not a known boolean. */
export function conditionUnknown(condition: StaticValue, node: ts.Expression, set = false): StaticValue {
  if (condition.kind !== 'unknown') return opaque(snippet(node, node.getSourceFile()));
  // The value is one of the branches, not the condition: a condition from aws-cdk-lib
  // (`node.tryGetContext('x')`, a token) says nothing of whether `c ? password : undefined` is set;
  // where both branches are set, so is the value (a token: set, its value unknown).
  const value = unknown(condition.reason, condition.subject, set);
  // Which branch it is depends on a value cut off at a size limit: so is this one.
  return condition.cutOff ? { ...value, cutOff: true } : value;
}

/**
 * Whether a branch is a set value whose content nothing reads further: a token (a `SecretValue`) or a
 * primitive. An object, array or construct is not: a set but unknown value reads as set in every
 * property (`(c ? { userName: 'a' } : { userName: 'b' }).password` would be a password).
 */
function isSet(value: StaticValue): boolean {
  if (value.kind === 'unknown') return value.token === true;
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean';
}

/** What a spread of a value that is not an object adds: unknown keys (a construct or class instance has properties of its own too). */
function spreadUnknown(spread: StaticValue, expression: ts.Expression): UnknownValue {
  const text = snippet(expression, expression.getSourceFile(), 40);
  return spread.kind === 'unknown' ? derivedUnknown(spread, `...${text}: ${spread.reason}`) : unknown(`...${text}, which is not known statically`);
}

function propagate(value: StaticValue, text: string): StaticValue {
  return value.kind === 'unknown' ? value : opaque(text);
}

function limit(value: StaticValue): StaticValue {
  if (value.kind === 'string' && value.value.length > MAX_STRING) return overLimit('the string is too long to evaluate');
  return value;
}

/**
 * How many levels down a value its changes in place may matter to the evaluator: below a construct
 * (`keys[1].status = 'Inactive'`, an escape hatch `escape-hatches.ts` reads on the construct itself) or
 * a string, number or other primitive (which nothing changes in place), nothing of the value changes;
 * `Infinity` where any value inside may be changed (an unknown, a function, an instance of a class).
 * A Map's entries are `[key, value]` pairs here, one level deeper than its values are to `map.get(k)`.
 */
function changeableDepth(value: StaticValue, depth = 0): number {
  switch (value.kind) {
    case 'construct':
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'null':
    case 'generated-user-name':
      return 0;
    case 'array':
      if (depth >= MAX_CHANGEABLE_DEPTH) return Infinity;
      return 1 + deepest(value.collection === 'map' ? value.items.flatMap((entry) => (entry.kind === 'array' ? entry.items : [entry])) : value.items, depth);
    case 'object':
      if (value.rest || depth >= MAX_CHANGEABLE_DEPTH) return Infinity;
      return 1 + deepest(value.entries.values(), depth);
    default:
      return Infinity;
  }
}

function deepest(values: Iterable<StaticValue>, depth: number): number {
  let found = 0;
  for (const value of values) {
    found = Math.max(found, changeableDepth(value, depth + 1));
    if (found === Infinity) break;
  }
  return found;
}

/** How deep `changeableDepth` looks into a value before taking any change as one that matters. */
const MAX_CHANGEABLE_DEPTH = 8;
