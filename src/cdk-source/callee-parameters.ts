import type * as ts from 'typescript';
import type { ProjectUses } from './property-changes.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isNamedMemberAccess } from './member-syntax.js';
import { parentOf } from './parent-of.js';

/**
 * Which parameters of the project's functions take an argument of a call, for the search of values
 * changed in place (`mutated-variables.ts`, `property-changes.ts`): a function or class called by its
 * name (also imported), a function named as an array method's callback, and the project methods a
 * method call may run (`method-targets.ts`). A name that may hold any function (a callback
 * parameter) is not known to take it in any way.
 */
export class CalleeParameters {
  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly project: Pick<ProjectUses, 'importTarget' | 'methodBodies' | 'classCreated'>,
  ) {}

  /**
   * The parameters that take argument `index` of a call: of the project function or class a name
   * names (none for any other name: a global's or a package's), or of each project method a method
   * call may run; undefined when credlint cannot tell which functions run, or when one takes the
   * argument in a rest parameter.
   */
  parametersTaking(call: ts.CallExpression | ts.NewExpression, index: number): readonly ts.ParameterDeclaration[] | undefined {
    const t = this.ts;
    const callee = unwrapExpression(t, call.expression);
    if (t.isNewExpression(call) && !t.isIdentifier(callee)) return this.constructorTaking(call, callee, index);
    if (callee.kind === t.SyntaxKind.SuperKeyword) {
      let cls = parentOf(call);
      while (cls && !t.isClassLike(cls)) cls = parentOf(cls);
      const base = cls && t.isClassLike(cls) ? cls.heritageClauses?.find((h) => h.token === t.SyntaxKind.ExtendsKeyword)?.types[0]?.expression : undefined;
      return base ? this.constructorTaking(call, base, index) : undefined;
    }
    if (!t.isCallExpression(call) || !isNamedMemberAccess(t, callee)) {
      const parameter = this.parameterOf(call, index);
      if (parameter) return [parameter];
      // `fns[i](names)`, `(a ?? b)(names)`, `make()(names)`: a function credlint cannot tell.
      if (!t.isIdentifier(callee)) return undefined;
      // `cb(names)` of a callback parameter: a function credlint does not know.
      return t.isCallExpression(call) && this.namesUnknownFunction(callee) ? undefined : [];
    }
    const bodies = this.project.methodBodies(call);
    if (bodies === undefined) return undefined;
    const parameters: ts.ParameterDeclaration[] = [];
    for (const body of bodies) {
      const taking = body.parameters.findIndex((parameter, at) => at === index || (parameter.dotDotDotToken !== undefined && at < index));
      const parameter = taking < 0 ? undefined : body.parameters[taking];
      if (parameter?.dotDotDotToken) return undefined;
      if (parameter) parameters.push(parameter);
    }
    return parameters;
  }

  /**
   * The constructor parameter taking argument `index` of `new lib.Filler(...)` (a project class reached
   * through a module imported whole, or another member) or of `super(...)` (`callee` is then the class's
   * `extends` expression): none for a class of a package or a global (`new iam.User(...)`, `cdk.Stack`);
   * undefined for a class credlint cannot tell.
   */
  private constructorTaking(call: ts.NewExpression | ts.CallExpression, callee: ts.Expression, index: number): readonly ts.ParameterDeclaration[] | undefined {
    const t = this.ts;
    const cls = this.project.classCreated(call);
    if (cls) {
      const constructor = cls.members.find((member): member is ts.ConstructorDeclaration => t.isConstructorDeclaration(member) && member.body !== undefined);
      const parameter = constructor?.parameters[index];
      if (constructor) return parameter === undefined ? [] : parameter.dotDotDotToken ? undefined : [parameter];
      // A class without a constructor of its own hands its arguments to its base's: followed to a package's or a global's class only.
      const base = cls.heritageClauses?.find((h) => h.token === t.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      return base ? this.outsideClass(base) : [];
    }
    return this.outsideClass(callee);
  }

  /** None for a class of a package or a global (`iam.User`, `cdk.Stack`, `Map`); undefined for any other class expression. */
  private outsideClass(callee: ts.Expression): readonly ts.ParameterDeclaration[] | undefined {
    const t = this.ts;
    let root = unwrapExpression(t, callee);
    while (isNamedMemberAccess(t, root)) root = unwrapExpression(t, root.expression);
    if (!t.isIdentifier(root)) return undefined;
    const declared = this.declarationOf(root);
    return declared === undefined || this.project.importTarget(root)?.package === true ? [] : undefined;
  }

  /**
   * Whether a called name is a parameter, or a variable not initialized with a function, whose value
   * may be any function of the project (a global's, a package's, a declared function are known).
   */
  private namesUnknownFunction(callee: ts.Identifier): boolean {
    const t = this.ts;
    const declared = this.declarationOf(callee);
    if (!declared) return false;
    if (t.isParameter(declared)) return true;
    if (!t.isVariableDeclaration(declared)) return false;
    const value = declared.initializer && unwrapExpression(t, declared.initializer);
    return !value || !(t.isArrowFunction(value) || t.isFunctionExpression(value));
  }

  /** The parameter of the project function a call names (`function fill(list)`, `const fill = (list) => …`) that takes argument `index`. */
  parameterOf(call: ts.CallExpression | ts.NewExpression, index: number): ts.ParameterDeclaration | undefined {
    const callee = unwrapExpression(this.ts, call.expression);
    return this.ts.isIdentifier(callee) ? this.parameterNamed(callee, index, this.ts.isNewExpression(call)) : undefined;
  }

  /** Parameter `index` of the project function (or, `constructing`, class constructor) a name names. */
  parameterNamed(callee: ts.Identifier, index: number, constructing: boolean): ts.ParameterDeclaration | undefined {
    const t = this.ts;
    // A name imported from a project file: the function (or class) that file exports.
    let declared = this.declarationOf(callee);
    if (declared && !t.isVariableDeclaration(declared) && !t.isFunctionLike(declared) && !t.isClassLike(declared))
      declared = this.project.importTarget(callee)?.declaration;
    if (declared && t.isVariableDeclaration(declared) && declared.initializer) declared = unwrapExpression(t, declared.initializer);
    // `new Stack(app, 'Id', props)` of a project class: its constructor's parameters.
    if (declared && t.isClassLike(declared) && constructing)
      declared = declared.members.find((member): member is ts.ConstructorDeclaration => t.isConstructorDeclaration(member) && member.body !== undefined);
    if (
      !declared ||
      !(t.isFunctionDeclaration(declared) || t.isFunctionExpression(declared) || t.isArrowFunction(declared) || t.isConstructorDeclaration(declared)) ||
      constructing !== t.isConstructorDeclaration(declared)
    )
      return undefined;
    const parameter = declared.parameters[index];
    return parameter && !parameter.dotDotDotToken ? parameter : undefined;
  }
}
