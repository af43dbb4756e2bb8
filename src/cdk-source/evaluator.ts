import type * as ts from 'typescript';
import type { Declaration, DeclarationIndex } from './resolve-declaration.js';
import type { ConstructInstance, Context, StaticValue } from './static-value.js';
import type { AnalysisBudget } from './analysis-budget.js';
import type { AppContext } from './app-context.js';
import type { ModuleOrder } from './module-order.js';

/** The project's files as evaluation sees them: their declarations, and the files imports name. */
export interface ProjectSources {
  readonly index: DeclarationIndex;
  /** A project file by name, when it is part of the analysis (not missing, no syntax error). */
  sourceFile(fileName: string): ts.SourceFile | undefined;
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /**
   * Whether the project may write a user's L1 `UserName` after construction (an escape hatch or an
   * Aspect, `escape-hatches.ts`): then a `Ref` to the user is the user itself, not the name its props give.
   */
  readonly userNamesWritten?: boolean;
  /** The context `cdk.json` gives this app (`node.tryGetContext('key')`); undefined when it gives none. */
  readonly appContext?: AppContext;
  /** The file `cdk synth` runs as Node.js's CommonJS main module (`main-module.ts`); undefined when not known. */
  readonly entryFile?: string;
  /** The CloudFormation parameter names `--parameter` (or the configuration's `parameters`) gives values (`cfn-parameters.ts`); default: none. */
  readonly givenParameters?: ReadonlySet<string>;
  /** Whether some file may rewrite a `CfnParameter`'s `default` or a `CfnCondition`'s `expression` other than through its variable (`cfn-parameters.ts`). */
  readonly cfnDeclarationsRewritable?: boolean;
  /** The order the app's modules run in (`module-order.ts`); undefined when not worked out (then no module's variable is read in another in order). */
  readonly modules?: ModuleOrder;
  /**
   * Whether the App or Stage around `instance` is certainly synthesized after `from` and before `to`, in
   * the same function or module (`explicit-synth.ts`): a change made at `to` then misses the template.
   */
  synthesizedBetween?(instance: ConstructInstance, from: ts.Node, to: ts.Node): boolean;
  /** Whether `Aspects.of(scope).add(...)` at `call` comes after its App's (or Stage's) first `synth()`, so it never runs (`explicit-synth.ts`). */
  addedAfterSynth?(call: ts.CallExpression, scope: ts.Expression): boolean;
}

/**
 * The values of variables read by the runs of one callback over its elements (`array-reduce.ts`):
 * each run binds only the callback's own parameters and its iteration's frame, which a variable
 * declared outside the callback cannot see, so such a variable has the same value in every run and
 * is evaluated once, not once per element (a `reduce` reading the record another `reduce` built
 * evaluated that `reduce` again for each element: quadratic, cut off past some 60 names).
 */
export interface SharedReads {
  /** The callback: variables declared in it are not shared. */
  readonly outside: ts.Node;
  /** By the name read (a destructuring declaration binds several). */
  readonly values: Map<ts.Node, StaticValue>;
}

/** What the unit being built gives the evaluator: the project's files and the construct instances found so far. */
export interface EvaluatorHost extends ProjectSources {
  /** The construct instance of a `new` expression that `context` sees (in the same loop iteration), or why there is none. */
  instanceFor(node: ts.NewExpression, context: Context): StaticValue;
  /** The address of an instance, for messages. */
  addressOf(instance: ConstructInstance): string;
}

/**
 * What the evaluator's helpers (call sites, construct members, module values, pattern binding) need
 * from it: evaluating an expression or a declaration, reading a member, naming a property, and the
 * guard against a declaration that depends on itself. `evaluate-expression.ts` implements it and
 * composes the helpers; the helpers depend on this interface only, so no helper imports the evaluator.
 */
export interface Evaluator {
  readonly ts: typeof import('typescript');
  readonly host: ProjectSources;
  /** What the analysis may still spend, and where it stopped short (`analysis-budget.ts`). */
  readonly budget: AnalysisBudget;
  /** The value of an expression in `context` (which binds loop variables, callback and call parameters). */
  evaluate(expression: ts.Expression, context: Context): StaticValue;
  /** What a `new` calls, evaluated without bindings (a `new` of a `new` is not evaluated: an instance). */
  calleeValue(node: ts.NewExpression): StaticValue;
  /** The value a declaration gives a name, in `context`. */
  declaration(declaration: Declaration, name: string, context: Context): StaticValue;
  /** `value[name]`; `node` is the whole access, for messages. */
  memberOf(value: StaticValue, name: string, node: ts.Expression | undefined): StaticValue;
  /** A property's name when known statically (identifiers, string and number literals, known computed keys). */
  propertyName(name: ts.PropertyName | undefined, context: Context): string | undefined;
  /** Spends what evaluating `chain[0]` spends when it evaluates each following expression of `chain` and nothing else. */
  spendAsEvaluated(chain: readonly ts.Expression[]): void;
  /**
   * Makes `context` one of the contexts that share `reads` (`SharedReads`): a variable declared
   * outside `reads.outside` and read in it is evaluated once for all of them.
   */
  shareReads(context: Context, reads: SharedReads): void;
  /** The reads `context` shares with others, if any (`shareReads`). */
  sharedReads(context: Context): SharedReads | undefined;
  /** Runs `evaluate` for a declaration once at a time: a declaration that depends on itself is unknown. */
  guarded(node: ts.Node, name: string, evaluate: () => StaticValue): StaticValue;
  /** The source of the first change the code makes in place to the value a variable is declared with (`names.push(x)`), if any. */
  changeOf(variable: ts.VariableDeclaration): string | undefined;
  /** The same for a class's property, changed through `this` inside the class (`this.names.push(x)`). */
  memberChangeOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined;
  /** The first write replacing a class's property from outside the class's own `this` (`team.name = 'x'`, `Object.assign(team, …)`). */
  memberWriteOf(cls: ts.ClassLikeDeclaration, name: string): string | undefined;
  /** A class property filled in place by plain writes (`this.users[k] = …`), as the walk wrote it for the instance `context` is in (`filled-objects.ts`). */
  filledMember(property: ts.PropertyDeclaration, initial: StaticValue, context: Context, text: string): StaticValue | undefined;
  /** Of the project's `x.add(…)`, `x.set(…)`, `x.push(…)`, `x.unshift(…)` and `x[k] = …` writes, those the walk must visit to know what they fill (`filled-objects.ts`). */
  fillWritesToVisit(candidates: readonly (ts.BinaryExpression | ts.CallExpression)[]): (ts.BinaryExpression | ts.CallExpression)[];
}
