import type * as ts from 'typescript';
import { isNamedMemberAccess, isStatic, memberNameOf } from './member-syntax.js';
import { unwrapExpression } from './unwrap-expression.js';
import { MAX_BASES } from './class-hierarchy.js';
import { appendAll } from '../core/append-all.js';

/**
 * The project functions a method call (`x.name(...)`) may run, for the search of values changed in
 * place (`mutated-variables.ts`): a value handed to a method may be changed by it. Followed when the
 * receiver tells which bodies may run: `this.name(...)` in a class (its own or inherited method, and
 * any a subclass declares under that name), `super.name(...)`, a `const` instance of a project class
 * (`const helper = new Helper()`: that class's method, no subclass), a project class's static
 * method (`Helper.fill(...)`), and a `const` object literal's method (`util.fill(...)`). A global's or
 * a package's method (`JSON.stringify`, `cdk.Tags.of(x).add(...)`, a method a project class inherits
 * from `Stack`) is taken not to change its arguments (README, "CDK TypeScript source"), and so is a
 * method named like one of Array's, Map's, Set's, String's or Object's on a receiver credlint cannot
 * tell (`list.push(names)`: what it stores is followed on its own). Any other method of a receiver
 * credlint cannot tell (`props.helper.fill(names)`) may do anything to its arguments.
 */

/** What the call-site search knows of the project's classes and calls (`call-sites.ts`). */
export interface ClassHierarchy {
  /** The project function a call certainly runs, when the call-site search follows it. */
  followedCallee(call: ts.CallExpression): ts.Node | undefined;
  /** The class whose instance `this` is at `node`, if any. */
  thisClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined;
  /** The project class a class extends, if it extends one. */
  baseOf(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined;
  /** The `extends` expression of a class, if any. */
  extendsNode(cls: ts.ClassLikeDeclaration): ts.Node | undefined;
  /** Records that a walk up the bases of a class stopped at `MAX_BASES` before `cls` (the analysis is incomplete). */
  cutAt(cls: ts.ClassLikeDeclaration): void;
  /** Whether `cls` may extend `ancestor`. */
  mayExtend(cls: ts.ClassLikeDeclaration, ancestor: ts.ClassLikeDeclaration): boolean;
  /** Every class of the project; undefined when the search did not see them all. */
  classes(): readonly ts.ClassLikeDeclaration[] | undefined;
  /** Whether the call-site search has run: before, `classes` is not known yet. */
  collected(): boolean;
  /** The project class a `new` creates, if it is one. */
  classCreated(site: ts.NewExpression): ts.ClassLikeDeclaration | undefined;
  /** The declaration an identifier names in its file, if any. */
  declarationOf(identifier: ts.Identifier): ts.Node | undefined;
  /** What an imported name is (`ProjectUses.importTarget`). */
  importTarget(identifier: ts.Identifier): { readonly declaration?: ts.Node; readonly file?: ts.SourceFile; readonly package?: true } | undefined;
}

/** A function a method call may run. */
export type MethodBody = ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction;

/**
 * The methods of the built-in prototypes a receiver credlint cannot tell most likely is
 * (https://tc39.es/ecma262/#sec-properties-of-the-array-prototype-object, and Map's, Set's,
 * String's, Object's): taken to be those, which change no argument.
 */
const BUILT_IN_METHODS = new Set([
  'at',
  'concat',
  'copyWithin',
  'entries',
  'every',
  'fill',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flat',
  'flatMap',
  'forEach',
  'includes',
  'indexOf',
  'join',
  'keys',
  'lastIndexOf',
  'map',
  'pop',
  'push',
  'reduce',
  'reduceRight',
  'reverse',
  'shift',
  'slice',
  'some',
  'sort',
  'splice',
  'toReversed',
  'toSorted',
  'toSpliced',
  'unshift',
  'values',
  'with',
  'add',
  'clear',
  'delete',
  'get',
  'has',
  'set',
  'difference',
  'intersection',
  'isDisjointFrom',
  'isSubsetOf',
  'isSupersetOf',
  'symmetricDifference',
  'union',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'endsWith',
  'localeCompare',
  'match',
  'matchAll',
  'normalize',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'search',
  'split',
  'startsWith',
  'substring',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);

export class MethodTargets {
  private readonly answers = new WeakMap<ts.CallExpression, readonly MethodBody[] | null>();
  private readonly subclassMethods = new WeakMap<ts.ClassLikeDeclaration, Map<string, readonly MethodBody[] | null>>();
  /** The project classes that may extend a class, listed once per class. */
  private readonly subclasses = new WeakMap<ts.ClassLikeDeclaration, readonly ts.ClassLikeDeclaration[]>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly classes: ClassHierarchy,
  ) {}

  /** The project functions a method call may run (none: a global's or a package's), or undefined when credlint cannot tell which. */
  bodiesOf(call: ts.CallExpression): readonly MethodBody[] | undefined {
    const cached = this.answers.get(call);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.find(call) ?? null;
    // Asked before the call-site search has run (a callee evaluated then), a `this.name(...)` call is not settled.
    if (this.classes.collected()) this.answers.set(call, found);
    return found ?? undefined;
  }

  private find(call: ts.CallExpression): readonly MethodBody[] | undefined {
    const t = this.ts;
    const callee = unwrapExpression(t, call.expression);
    if (!isNamedMemberAccess(t, callee)) return undefined;
    const name = memberNameOf(t, callee);
    const followed = this.classes.followedCallee(call);
    if (followed && (t.isMethodDeclaration(followed) || t.isFunctionExpression(followed) || t.isArrowFunction(followed))) return [followed];
    const receiver = unwrapExpression(t, callee.expression);
    if (receiver.kind === t.SyntaxKind.ThisKeyword || receiver.kind === t.SyntaxKind.SuperKeyword) {
      const cls = this.classes.thisClassOf(callee);
      // Before the search has listed the classes, only the class's own and inherited methods are known.
      const all = this.classes.collected() ? this.classes.classes() : [];
      if (!cls || !all) return undefined;
      if (receiver.kind === t.SyntaxKind.SuperKeyword) {
        const base = this.classes.baseOf(cls);
        return base ? this.inherited(base, name, false) : this.fromOutside(cls);
      }
      const own = this.inherited(cls, name, false);
      const overrides = this.classes.collected() ? this.overrides(cls, name, all) : [];
      return own && overrides ? [...own, ...overrides] : undefined;
    }
    if (t.isIdentifier(receiver)) {
      const known = this.ofName(receiver, name);
      if (known !== 'unknown') return known;
    }
    if (t.isNewExpression(receiver)) {
      const made = this.instanceOf(receiver, name);
      if (made !== 'unknown') return made;
    }
    // A global's or a package's member (`cdk.Stack.of(this).addDependency(x)`), or a value declared
    // with a package's type (`let template: Template`, `readonly pool: cognito.UserPool`): not project code.
    const root = rootIdentifier(t, receiver);
    if (root && (this.classes.declarationOf(root) === undefined || this.classes.importTarget(root)?.package === true)) return [];
    if (this.declaredWithPackageType(receiver)) return [];
    return BUILT_IN_METHODS.has(name) ? [] : undefined;
  }

  /** Whether a name (`template`) or a property of `this` (`this.pool`) is declared with the type of a package (`Template`, `cognito.UserPool`). */
  private declaredWithPackageType(receiver: ts.Expression): boolean {
    const t = this.ts;
    let type: ts.TypeNode | undefined;
    if (t.isIdentifier(receiver)) {
      const declaration = this.classes.declarationOf(receiver);
      if (declaration && (t.isVariableDeclaration(declaration) || t.isParameter(declaration))) type = declaration.type;
    } else if (t.isPropertyAccessExpression(receiver) && unwrapExpression(t, receiver.expression).kind === t.SyntaxKind.ThisKeyword) {
      const name = receiver.name.text;
      const cls = this.classes.thisClassOf(receiver);
      const property = cls?.members.find(
        (member): member is ts.PropertyDeclaration => t.isPropertyDeclaration(member) && t.isIdentifier(member.name) && member.name.text === name,
      );
      // `constructor(private readonly pool: UserPool)`: a parameter property.
      const parameter = cls?.members
        .find((member): member is ts.ConstructorDeclaration => t.isConstructorDeclaration(member))
        ?.parameters.find((p) => t.isIdentifier(p.name) && p.name.text === name && (t.getModifiers(p)?.length ?? 0) > 0);
      type = property?.type ?? parameter?.type;
    }
    if (!type || !t.isTypeReferenceNode(type)) return false;
    let typeName: ts.EntityName = type.typeName;
    while (t.isQualifiedName(typeName)) typeName = typeName.left;
    return this.classes.importTarget(typeName)?.package === true;
  }

  /** The methods `name.method(...)` runs, when the name tells: a global, a package, a project class, a `const` instance or object literal. */
  private ofName(receiver: ts.Identifier, name: string): readonly MethodBody[] | 'unknown' | undefined {
    const t = this.ts;
    let declaration = this.classes.declarationOf(receiver);
    if (declaration === undefined) return [];
    const imported = this.classes.importTarget(receiver);
    if (imported?.package === true) return [];
    if (imported) declaration = imported.declaration;
    if (declaration && t.isClassLike(declaration)) return this.inherited(declaration, name, true);
    if (!declaration || !t.isVariableDeclaration(declaration) || !declaration.initializer || (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) === 0)
      return 'unknown';
    const value = unwrapExpression(t, declaration.initializer);
    if (t.isNewExpression(value)) return this.instanceOf(value, name);
    if (t.isArrayLiteralExpression(value)) return [];
    if (t.isObjectLiteralExpression(value)) {
      if (value.properties.some((property) => t.isSpreadAssignment(property))) return undefined;
      const member = value.properties.find((property) => property.name !== undefined && t.isIdentifier(property.name) && property.name.text === name);
      if (!member) return [];
      if (t.isMethodDeclaration(member)) return member.body ? [member] : [];
      const initializer = t.isPropertyAssignment(member) ? unwrapExpression(t, member.initializer) : undefined;
      return initializer && (t.isFunctionExpression(initializer) || t.isArrowFunction(initializer)) ? [initializer] : undefined;
    }
    return 'unknown';
  }

  /**
   * The methods named `name` that project classes which may extend `cls` declare: `this` may be an
   * instance of one. Worked out once per class and name, from the subclasses listed once per class.
   */
  private overrides(cls: ts.ClassLikeDeclaration, name: string, all: readonly ts.ClassLikeDeclaration[]): readonly MethodBody[] | undefined {
    let byName = this.subclassMethods.get(cls);
    if (!byName) {
      byName = new Map();
      this.subclassMethods.set(cls, byName);
    }
    const cached = byName.get(name);
    if (cached !== undefined) return cached ?? undefined;
    let subclasses = this.subclasses.get(cls);
    if (!subclasses) {
      subclasses = all.filter((other) => other !== cls && this.classes.mayExtend(other, cls));
      this.subclasses.set(cls, subclasses);
    }
    let found: MethodBody[] | null = [];
    for (const other of subclasses) {
      const declared = this.declared(other, name, false);
      if (!declared) {
        found = null;
        break;
      }
      appendAll(found, declared);
    }
    byName.set(name, found);
    return found ?? undefined;
  }

  /** The method `name` of what a `new` creates: a project class's, or none of a global's or a package's class (`new Map()`, `new s3.Bucket(...)`). */
  private instanceOf(site: ts.NewExpression, name: string): readonly MethodBody[] | 'unknown' | undefined {
    const t = this.ts;
    const cls = this.classes.classCreated(site);
    if (cls) return this.inherited(cls, name, false);
    const made = rootIdentifier(t, unwrapExpression(t, site.expression));
    return made && (this.classes.declarationOf(made) === undefined || this.classes.importTarget(made)?.package === true) ? [] : 'unknown';
  }

  /**
   * The method `name` an instance (`statics`: the class itself) of `cls` runs: the one `cls` or the
   * first project base declaring it has; none when no project class of the chain declares it and the
   * chain ends in a class of a package (inherited from it); undefined when credlint cannot tell.
   */
  private inherited(cls: ts.ClassLikeDeclaration, name: string, statics: boolean): readonly MethodBody[] | undefined {
    const seen = new Set<ts.ClassLikeDeclaration>();
    let current: ts.ClassLikeDeclaration = cls;
    for (;;) {
      if (seen.has(current)) return undefined;
      if (seen.size >= MAX_BASES) {
        this.classes.cutAt(current);
        return undefined;
      }
      seen.add(current);
      const declared = this.declared(current, name, statics);
      if (declared === undefined || declared.length > 0) return declared;
      const base = this.classes.baseOf(current);
      if (!base) return this.fromOutside(current);
      current = base;
    }
  }

  /** What a class inherits from a base that is not a project class: nothing of the project, unless the base may be anything (a mixin call). */
  private fromOutside(cls: ts.ClassLikeDeclaration): readonly MethodBody[] | undefined {
    const t = this.ts;
    const extended = this.classes.extendsNode(cls);
    return !extended || t.isIdentifier(extended) || t.isPropertyAccessExpression(extended) ? [] : undefined;
  }

  /** The bodies a class declares under `name` (instance or static members); undefined when one is not a function credlint can read (a property set elsewhere, an accessor). */
  private declared(cls: ts.ClassLikeDeclaration, name: string, statics: boolean): readonly MethodBody[] | undefined {
    const t = this.ts;
    const bodies: MethodBody[] = [];
    for (const member of cls.members) {
      if (member.name === undefined || !(t.isIdentifier(member.name) || t.isPrivateIdentifier(member.name)) || member.name.text !== name) continue;
      if (isStatic(t, member) !== statics) continue;
      if (t.isMethodDeclaration(member)) {
        if (member.body) bodies.push(member);
        continue;
      }
      const initializer = t.isPropertyDeclaration(member) && member.initializer ? unwrapExpression(t, member.initializer) : undefined;
      if (!initializer || !(t.isFunctionExpression(initializer) || t.isArrowFunction(initializer))) return undefined;
      bodies.push(initializer);
    }
    return bodies;
  }
}

/** The variable at the base of `a.b[c].d` (or of a call on it, `a.b(x).c`), if the base is a plain name. */
function rootIdentifier(t: typeof import('typescript'), expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(t, expression);
  for (let depth = 0; depth < 64; depth += 1) {
    if (t.isPropertyAccessExpression(current) || t.isElementAccessExpression(current)) current = unwrapExpression(t, current.expression);
    else if (t.isCallExpression(current)) current = unwrapExpression(t, current.expression);
    else break;
  }
  return t.isIdentifier(current) ? current : undefined;
}
