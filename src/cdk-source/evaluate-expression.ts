import type * as ts from 'typescript';
import { EnvironmentWrites } from './process-environment.js';
import type { Declaration } from './resolve-declaration.js';
import {
  EMPTY_CONTEXT,
  opaque,
  overLimit,
  str,
  stringOf,
  truthiness,
  UNDEFINED,
  unknown,
  withoutKnownParts,
  type Context,
  type StaticValue,
} from './static-value.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';
import type { AnalysisBudget } from './analysis-budget.js';
import { CallResults } from './call-results.js';
import { ClassProperties } from './class-properties.js';
import { ConstructProps } from './construct-props.js';
import { ModuleValues } from './module-values.js';
import { CallSites } from './call-sites.js';
import { ClassHierarchy } from './class-hierarchy.js';
import { MethodTargets } from './method-targets.js';
import { MutatedVariables } from './mutated-variables.js';
import { FilledObjects, type FillWrite } from './filled-objects.js';
import { BinaryOperators, MAX_STRING } from './evaluate-operators.js';
import type { Evaluator, EvaluatorHost, SharedReads } from './evaluator.js';
import { typeOfValue, UndeclaredNames } from './type-of.js';
import { mainModuleTest } from './main-module.js';
import { DeclaredValues } from './declared-values.js';
import { LiteralValues } from './literal-values.js';
import { MemberReads, type StackNameReader } from './member-reads.js';
import { NewExpressions } from './new-expressions.js';
import { conditionalValue } from './conditional-values.js';

/**
 * Evaluation limits of one expression: bad input must give `unknown`, never a hang or a stack
 * overflow. What all evaluations of a unit spend together is bounded by its `AnalysisBudget`.
 */
const MAX_DEPTH = 150;
const MAX_STEPS = 20_000;

type NodeHandler = (node: ts.Expression, context: Context) => StaticValue;
type WrappingExpression = ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.SatisfiesExpression | ts.TypeAssertion;

/**
 * Evaluates TypeScript expressions the way synthesis would, as far as that is possible without
 * running code: literals, templates, `+`, `const`s, `let`s assigned once, class properties
 * (`this.user`), object and array literals, destructuring, imports from project files, and the IAM
 * API (`iam.AccessKeyStatus.INACTIVE`, `User.fromUserName`). Anything else is `unknown` with the
 * source text it stands for. What a name's declaration gives it is `declared-values.ts`; literals,
 * `literal-values.ts`; reads of a member, `member-reads.ts`; a `new`, `new-expressions.ts`;
 * `c ? a : b`, `conditional-values.ts`.
 */
export class ExpressionEvaluator implements Evaluator {
  private steps = 0;
  private depth = 0;
  private readonly inProgress = new Set<ts.Node>();
  private readonly shared = new WeakMap<Context, SharedReads>();
  private readonly mutated: MutatedVariables;
  private readonly methods: MethodTargets;
  readonly filled: FilledObjects;
  readonly props: ConstructProps;
  readonly classProperties: ClassProperties;
  private readonly callResults: CallResults;
  readonly modules: ModuleValues;
  readonly calls: CallSites;
  readonly classes: ClassHierarchy;
  /** The environment variables the app may write (`process.env.X = …`). */
  readonly environmentWrites: EnvironmentWrites;
  private readonly undeclared: UndeclaredNames;
  private readonly nodeHandlers: ReadonlyMap<ts.SyntaxKind, NodeHandler>;
  private readonly binaryOperators: BinaryOperators;
  private readonly declared: DeclaredValues;
  private readonly literals: LiteralValues;
  private readonly reads: MemberReads;
  private readonly news: NewExpressions;

  constructor(
    readonly ts: typeof import('typescript'),
    readonly host: EvaluatorHost,
    readonly budget: AnalysisBudget,
    stackNames?: (evaluator: ExpressionEvaluator) => StackNameReader,
  ) {
    this.mutated = new MutatedVariables(ts, (identifier) => host.index.find(identifier)?.node, {
      accessesNamed: (name) => this.calls.uses.accessesNamed(name),
      thisClassOf: (node) => this.calls.thisCalls.thisClassOf(node),
      mayExtend: (cls, ancestor) => this.classes.mayExtend(cls, ancestor),
      files: () => this.calls.files,
      collected: () => this.calls.uses.listed,
      importTarget: (identifier) => this.modules.importTarget(identifier),
      methodBodies: (call) => this.methods.bodiesOf(call),
      classCreated: (site) => {
        const cls = this.calls.calleeOf(site);
        return cls && ts.isClassLike(cls) ? cls : undefined;
      },
    });
    this.methods = new MethodTargets(ts, {
      followedCallee: (call) => this.calls.calleeOf(call),
      thisClassOf: (node) => this.calls.thisCalls.thisClassOf(node),
      baseOf: (cls) => this.classes.baseOf(cls),
      extendsNode: (cls) => this.classes.extendsNode(cls),
      mayExtend: (cls, ancestor) => this.classes.mayExtend(cls, ancestor),
      cutAt: (cls) => {
        this.classes.cutAt(cls);
      },
      classes: () => this.calls.knownClasses,
      collected: () => this.calls.uses.listed,
      classCreated: (site) => {
        const cls = this.calls.calleeOf(site);
        return cls && ts.isClassLike(cls) ? cls : undefined;
      },
      declarationOf: (identifier) => host.index.find(identifier)?.node,
      importTarget: (identifier) => this.modules.importTarget(identifier),
    });
    this.classes = new ClassHierarchy(this);
    this.calls = new CallSites(this, this.classes);
    this.filled = new FilledObjects(
      ts,
      this.mutated,
      (identifier) => host.index.find(identifier)?.node,
      (node) => this.calls.relevance.mustVisit(node),
      (node) => this.classProperties.thisClass(node),
      (name) => this.calls.uses.onlyIndexed(name),
      () => host.modules,
    );
    this.props = new ConstructProps(this, this.calls, this.classes);
    this.classProperties = new ClassProperties(this, this.calls, this.classes, this.props);
    this.callResults = new CallResults(this, this.calls);
    this.modules = new ModuleValues(this);
    this.declared = new DeclaredValues(ts, this, this.modules, this.mutated, this.filled);
    this.literals = new LiteralValues(ts, this, this.calls);
    this.reads = new MemberReads(ts, this, this.literals, this.classProperties, this.modules, stackNames?.(this));
    this.environmentWrites = new EnvironmentWrites(ts, host.index, () => this.calls.files);
    this.undeclared = new UndeclaredNames(() => this.calls.files);
    this.nodeHandlers = this.nodeTable();
    this.binaryOperators = new BinaryOperators(ts, this);
    this.news = new NewExpressions(this, host, this.calls, this.classes);
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
      [k.ThisKeyword, (node, context) => this.literals.objectLiteralThis(node, context) ?? this.classProperties.thisValue(node, context)],
      [k.ParenthesizedExpression, inner],
      [k.AsExpression, inner],
      [k.NonNullExpression, inner],
      [k.SatisfiesExpression, inner],
      [k.TypeAssertionExpression, inner],
      [k.Identifier, (node, context) => this.identifier(node as ts.Identifier, context)],
      [k.TemplateExpression, (node, context) => this.literals.template(node as ts.TemplateExpression, context)],
      [
        k.BinaryExpression,
        (node, context) =>
          mainModuleTest(this.ts, this.host.index, node as ts.BinaryExpression, this.host.entryFile) ??
          this.binaryOperators.evaluate(node as ts.BinaryExpression, context),
      ],
      [k.PrefixUnaryExpression, (node, context) => this.prefix(node as ts.PrefixUnaryExpression, context)],
      [k.TypeOfExpression, (node, context) => this.typeOf(node as ts.TypeOfExpression, context)],
      [k.ConditionalExpression, (node, context) => conditionalValue(this, node as ts.ConditionalExpression, context)],
      [k.ArrayLiteralExpression, (node, context) => this.literals.array(node as ts.ArrayLiteralExpression, context)],
      [k.ObjectLiteralExpression, (node, context) => this.literals.object(node as ts.ObjectLiteralExpression, context)],
      // What is known of an unknown string (a template's literal text) says nothing of an element of
      // it (`[0]`) or of what a call computes from it (`.slice(1)`): those results drop it.
      [k.PropertyAccessExpression, (node, context) => this.propertyAccess(node as ts.PropertyAccessExpression, context)],
      [k.ElementAccessExpression, (node, context) => withoutKnownParts(this.elementAccess(node as ts.ElementAccessExpression, context))],
      // A call's result keeps known parts only where it is built from the string's text (`call-results.ts`).
      [k.CallExpression, (node, context) => this.modules.required(node as ts.CallExpression) ?? this.callResults.call(node as ts.CallExpression, context)],
      [k.NewExpression, (node, context) => this.news.value(node as ts.NewExpression, context)],
      [k.ArrowFunction, callable],
      [k.FunctionExpression, callable],
      [k.ClassExpression, callable],
    ]);
  }

  private propertyAccess(node: ts.PropertyAccessExpression, context: Context): StaticValue {
    return this.reads.member(node, node.expression, node.name.text, context);
  }

  private elementAccess(node: ts.ElementAccessExpression, context: Context): StaticValue {
    const key = this.evaluate(node.argumentExpression, context);
    const name = stringOf(key);
    return name === undefined || key.kind === 'undefined' || key.kind === 'null'
      ? propagate(key, snippet(node, node.getSourceFile()))
      : this.reads.member(node, node.expression, name, context);
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
    return this.declared.of(declaration, name, context, read);
  }

  changeOf(variable: ts.VariableDeclaration): string | undefined {
    return this.mutated.changeOf(variable);
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

  shareReads(context: Context, reads: SharedReads): void {
    this.shared.set(context, reads);
  }

  sharedReads(context: Context): SharedReads | undefined {
    return this.shared.get(context);
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

  // ---- operators ----

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

  /** `value[name]`; `node` is the whole access, for messages. */
  memberOf(value: StaticValue, name: string, node: ts.Expression | undefined): StaticValue {
    return this.reads.memberOf(value, name, node);
  }
}

/** Why a value is unknown once the unit's analysis has spent its steps (docs/security.md). */
export const OUT_OF_STEPS = 'not evaluated: the analysis ran out of steps (limit walkSteps)';

function propagate(value: StaticValue, text: string): StaticValue {
  return value.kind === 'unknown' ? value : opaque(text);
}

function limit(value: StaticValue): StaticValue {
  if (value.kind === 'string' && value.value.length > MAX_STRING) return overLimit('the string is too long to evaluate');
  return value;
}
