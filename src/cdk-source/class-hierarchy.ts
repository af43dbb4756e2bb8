import type * as ts from 'typescript';
import type { Evaluator } from './evaluator.js';
import { isConstructClass } from './iam-api.js';
import { EMPTY_CONTEXT, type ConstructClass, type StaticValue } from './static-value.js';

/**
 * Base classes followed from a class (a cycle `class A extends B`, `class B extends A` must end). A
 * chain longer than this is reported where it is cut (`ClassHierarchy.cutAt`): the analysis is then
 * incomplete, never silently missing what the bases not followed create.
 */
export const MAX_BASES = 20;

/**
 * The project's classes as `extends` relates them: the project class a class extends
 * (`class KeysStack extends BaseStack`), whether one may extend another, its constructor and
 * `super(...)` call, and the IAM construct class it is an instance of through its bases
 * (`class SmtpUser extends iam.User`). Asked by the call sites, the construct members and the walk.
 */
export class ClassHierarchy {
  private readonly constructClasses = new WeakMap<ts.ClassLikeDeclaration, ConstructClass | null>();

  constructor(private readonly evaluator: Evaluator) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /** The project class a class extends, if it extends one. */
  baseOf(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const extended = cls.heritageClauses?.find((h) => h.token === t.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!extended) return undefined;
    const value = this.evaluator.evaluate(extended, EMPTY_CONTEXT);
    return value.kind === 'callable' && t.isClassLike(value.node) && value.node !== cls ? value.node : undefined;
  }

  /**
   * `cls` and then the project classes it extends, nearest first, each once and at most `MAX_BASES`
   * (a cycle of `extends` ends); each base is looked up only when the one before it is done with.
   */
  *chain(cls: ts.ClassLikeDeclaration | undefined): Generator<ts.ClassLikeDeclaration, void, undefined> {
    const seen = new Set<ts.ClassLikeDeclaration>();
    let current = cls;
    for (; current && !seen.has(current) && seen.size < MAX_BASES; current = this.baseOf(current)) {
      seen.add(current);
      yield current;
    }
    if (current && !seen.has(current)) this.cutAt(current);
  }

  /**
   * Records that a walk up the bases stopped at `MAX_BASES` before `cls`, a project class still to
   * follow (a cycle ends the walk without it): the analysis is incomplete (`AnalysisBudget.deepClass`).
   */
  cutAt(cls: ts.ClassLikeDeclaration): void {
    this.evaluator.budget.classTooDeep(cls);
  }

  /** The `extends` expression: the call site of an implicit constructor's `super(...args)`. */
  extendsNode(cls: ts.ClassLikeDeclaration): ts.Node | undefined {
    return cls.heritageClauses?.find((h) => h.token === this.ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  }

  /**
   * Whether `cls` may extend `ancestor`: its project bases reach it, or a base is not a project class
   * nor a plain name (a mixin call `extends Tagged(Base)`), which may be anything.
   */
  mayExtend(cls: ts.ClassLikeDeclaration, ancestor: ts.ClassLikeDeclaration): boolean {
    const t = this.ts;
    const seen = new Set<ts.ClassLikeDeclaration>();
    for (let current: ts.ClassLikeDeclaration = cls; !seen.has(current);) {
      if (seen.size >= MAX_BASES) {
        this.cutAt(current);
        return true;
      }
      seen.add(current);
      const extended = this.extendsNode(current);
      if (!extended) return false;
      const base = this.baseOf(current);
      if (base === ancestor) return true;
      if (!base) return !(t.isIdentifier(extended) || t.isPropertyAccessExpression(extended));
      current = base;
    }
    return false;
  }

  constructorOf(cls: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
    return cls.members.find((m): m is ts.ConstructorDeclaration => this.ts.isConstructorDeclaration(m) && m.body !== undefined);
  }

  /** The `super(...)` statement of a constructor, when it is one of its top-level statements. */
  superCall(cls: ts.ClassLikeDeclaration): ts.CallExpression | undefined {
    const t = this.ts;
    for (const statement of this.constructorOf(cls)?.body?.statements ?? []) {
      if (
        t.isExpressionStatement(statement) &&
        t.isCallExpression(statement.expression) &&
        statement.expression.expression.kind === t.SyntaxKind.SuperKeyword
      ) {
        return statement.expression;
      }
    }
    return undefined;
  }

  /**
   * The IAM construct class a project class extends, directly (`class SmtpUser extends iam.User`) or
   * through project classes (`class Ses extends SmtpUser`): its instances are that construct. At most
   * `MAX_BASES` classes are followed, each once (a cycle of `extends` ends).
   */
  constructClassOf(cls: ts.ClassLikeDeclaration): ConstructClass | undefined {
    const cached = this.constructClasses.get(cls);
    if (cached !== undefined) return cached ?? undefined;
    const seen = new Set<ts.ClassLikeDeclaration>();
    let found: ConstructClass | null = null;
    let value: StaticValue | undefined;
    let current: ts.ClassLikeDeclaration | undefined = cls;
    for (; current && !seen.has(current) && seen.size < MAX_BASES;) {
      seen.add(current);
      const extended = this.extendsNode(current);
      value = extended ? this.evaluator.evaluate(extended as ts.Expression, EMPTY_CONTEXT) : undefined;
      if (value && isConstructClass(value)) {
        found = value.entity;
        break;
      }
      current = value?.kind === 'callable' && this.ts.isClassLike(value.node) ? value.node : undefined;
    }
    if (!found && current && !seen.has(current)) this.cutAt(current);
    // Not kept when evaluation stopped short (out of steps): asked again, it may be known.
    if (value?.kind !== 'unknown' || found) this.constructClasses.set(cls, found);
    return found ?? undefined;
  }
}
