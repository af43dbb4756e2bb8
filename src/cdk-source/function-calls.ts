import type * as ts from 'typescript';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { parentOf } from './parent-of.js';
import { searchSyntax } from './search-syntax.js';
import { EMPTY_CONTEXT, type StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Subclasses followed down before giving up (as the Aspect search's depth). */
const MAX_DEPTH = 20;

/**
 * The calls of the project's functions, found once: for a parameter of a function declaration (or of
 * a function a `const` holds), the argument each call passes it, when every use of the function's
 * name in the files is a call of it (`retire(legacy)`) with that argument written out; undefined when
 * the function is used otherwise (handed on, exported under another name and called there through
 * a value credlint cannot tell, a spread argument) or its name is used where credlint cannot tell what it names.
 */
export class FunctionCalls {
  /** `usesNamed`, per name. */
  private uses: Map<string, readonly ts.Identifier[]> | undefined;

  constructor(
    private readonly t: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly files: readonly ts.SourceFile[],
  ) {}

  argumentsFor(parameter: ts.ParameterDeclaration, leaf: ts.Node): ts.Expression[] | undefined {
    const t = this.t;
    const owner = parameter.parent;
    if (leaf !== parameter || parameter.dotDotDotToken) return undefined;
    if (t.isConstructorDeclaration(owner)) return this.constructorArguments(owner.parent, owner.parameters.indexOf(parameter), 0);
    if (t.isMethodDeclaration(owner)) return this.methodArguments(owner, owner.parameters.indexOf(parameter));
    if (!(t.isFunctionDeclaration(owner) || t.isArrowFunction(owner) || t.isFunctionExpression(owner))) return undefined;
    const name = t.isFunctionDeclaration(owner)
      ? owner.name
      : t.isVariableDeclaration(owner.parent) && owner.parent.initializer === owner
        ? owner.parent.name
        : undefined;
    if (!name || !t.isIdentifier(name)) return undefined;
    const index = owner.parameters.indexOf(parameter);
    const passed: ts.Expression[] = [];
    const uses = this.namingUses(owner, name);
    if (!uses) return undefined;
    for (const { expression, value } of uses) {
      const call = parentOf(expression);
      if (value.kind !== 'callable' || !call || !t.isCallExpression(call) || call.expression !== expression) return undefined;
      const argument = this.argumentAt(call.arguments, index);
      if (!argument) return undefined;
      passed.push(argument);
    }
    return passed;
  }

  /**
   * The argument at `index` of each construction of a class declaration (`new Guard(legacy, 'Guard')`),
   * and of each of its project subclasses, through their `super(...)` call (or, for a subclass without
   * a constructor, their own `new`), when every use of the class's name is such a `new`, an `extends`,
   * a type, or an import or export under the same name; undefined otherwise (the class handed on,
   * a spread argument, a class expression).
   */
  private constructorArguments(cls: ts.ClassLikeDeclaration, index: number, depth: number): ts.Expression[] | undefined {
    const t = this.t;
    const name = cls.name;
    if (!t.isClassDeclaration(cls) || !name || index < 0 || depth >= MAX_DEPTH) return undefined;
    const passed: ts.Expression[] = [];
    const uses = this.namingUses(cls, name);
    if (!uses) return undefined;
    for (const { expression, value } of uses) {
      if (value.kind !== 'callable') return undefined;
      const site = parentOf(expression);
      const heritage = site && t.isExpressionWithTypeArguments(site) ? parentOf(site) : undefined;
      if (heritage && t.isHeritageClause(heritage)) {
        if (heritage.token === t.SyntaxKind.ImplementsKeyword) continue;
        const subclass = parentOf(heritage);
        if (!subclass || !t.isClassLike(subclass)) return undefined;
        const constructor = this.evaluator.classes.constructorOf(subclass);
        const call = this.evaluator.classes.superCall(subclass);
        const more = constructor ? call && this.argumentAt(call.arguments, index) : this.constructorArguments(subclass, index, depth + 1);
        if (!more) return undefined;
        passed.push(...(Array.isArray(more) ? more : [more]));
        continue;
      }
      if (!site || !t.isNewExpression(site) || site.expression !== expression) return undefined;
      const argument = this.argumentAt(site.arguments ?? [], index);
      if (!argument) return undefined;
      passed.push(argument);
    }
    return passed;
  }

  /**
   * The uses of a declared function or class (`declaration`, named `name`) that may run it, each the
   * expression that names it (a namespace import's member access, `helpers.harden`, or the name) and
   * its value; uses that certainly name something else are left out, as are the declaring name and the
   * imports and exports that hand it on under the same name (types are never searched: they run
   * nothing). Undefined when a use is an import or export that renames it (its calls go by another
   * name) or a default import's module cannot be resolved.
   */
  private namingUses(declaration: ts.Node, name: ts.Identifier): { readonly expression: ts.Expression; readonly value: StaticValue }[] | undefined {
    const t = this.t;
    const uses = this.usesOf(declaration, name);
    if (!uses) return undefined;
    const naming: { readonly expression: ts.Expression; readonly value: StaticValue }[] = [];
    for (const use of uses) {
      if (use === name) continue;
      const parent = parentOf(use);
      // `import { harden }`, `export { harden }` declare the name; renamed, its calls go by another name.
      if (parent && (t.isImportSpecifier(parent) || t.isExportSpecifier(parent))) {
        if (parent.propertyName && parent.propertyName.text !== parent.name.text) return undefined;
        continue;
      }
      // `helpers.harden(...)` of a namespace import: the member access is the use.
      const expression = parent && t.isPropertyAccessExpression(parent) && parent.name === use ? parent : use;
      const value = this.evaluator.evaluate(expression, EMPTY_CONTEXT);
      if (value.kind === 'callable' ? value.node !== declaration : expression === use && this.namesOther(use)) continue;
      naming.push({ expression, value });
    }
    return naming;
  }

  /**
   * The identifiers that may name a declared function or class: its own name, and for a default export
   * (`export default function retireKeys`) the name each default import of its file picks
   * (`import retire from './retire-keys'`) and every `x.default`; undefined when a default import's module cannot be resolved.
   */
  private usesOf(declaration: ts.Node, name: ts.Identifier): ts.Identifier[] | undefined {
    const t = this.t;
    const uses = [...this.usesNamed(name.text)];
    if (!isDefaultExport(t, declaration)) return uses;
    // `helpers.default(...)` of a namespace import or a `require`.
    uses.push(...this.usesNamed('default'));
    const home = declaration.getSourceFile().fileName;
    for (const file of this.files) {
      for (const statement of file.statements) {
        if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) continue;
        const local = statement.importClause?.name;
        if (!local) continue;
        const specifier = statement.moduleSpecifier.text;
        const resolved = this.evaluator.host.resolveImport(file.fileName, specifier);
        if (resolved === undefined && (specifier.startsWith('.') || specifier.startsWith('/'))) return undefined;
        if (resolved === home) uses.push(...this.usesNamed(local.text).filter((use) => use !== local));
      }
    }
    return uses;
  }

  /**
   * The argument at `index` of each call of a class's method (`this.guard(legacy)`, `team.guard(legacy)`),
   * when every use of its name in the project (`x.guard`, `x['guard']`) is the callee of a call the
   * construct walk follows to this very method (`call-sites.ts`: a private method, one no subclass
   * declares again, a method of a local instance), and no other identifier is so spelled; undefined
   * otherwise (a use on an unknown object, the method handed on or destructured, a spread argument).
   */
  private methodArguments(method: ts.MethodDeclaration, index: number): ts.Expression[] | undefined {
    const t = this.t;
    const name = method.name;
    if (!(t.isIdentifier(name) || t.isPrivateIdentifier(name)) || index < 0) return undefined;
    const accesses = this.evaluator.calls.uses.accessesNamed(name.text);
    if (!accesses) return undefined;
    // Any other identifier of that spelling (`const { guard } = this`, a shorthand property) may reach it.
    const names = new Set<ts.Node>(accesses.map((access) => (t.isPropertyAccessExpression(access) ? access.name : access.argumentExpression)));
    if (t.isIdentifier(name) && this.usesNamed(name.text).some((use) => use !== name && !names.has(use))) return undefined;
    const passed: ts.Expression[] = [];
    for (const access of accesses) {
      let callee: ts.Node = access;
      for (let parent = parentOf(callee); parent && t.isParenthesizedExpression(parent); parent = parentOf(parent)) callee = parent;
      const call = parentOf(callee);
      if (!call || !t.isCallExpression(call) || call.expression !== callee || this.evaluator.calls.calleeOf(call) !== method) return undefined;
      const argument = this.argumentAt(call.arguments, index);
      if (!argument) return undefined;
      passed.push(argument);
    }
    return passed;
  }

  /** The argument at `index`, when none up to it is spread. */
  private argumentAt(args: readonly ts.Expression[], index: number): ts.Expression | undefined {
    const before = args.slice(0, index + 1);
    return before.some((a) => this.t.isSpreadElement(a)) ? undefined : before[index];
  }

  /** Whether an identifier certainly names something else than a function: a parameter, a class, an enum, a `const` of another value. */
  private namesOther(use: ts.Identifier): boolean {
    const t = this.t;
    const declaration = this.evaluator.host.index.find(use);
    if (declaration?.kind === 'parameter' || declaration?.kind === 'class' || declaration?.kind === 'enum') return true;
    if (declaration?.kind !== 'variable' || declaration.path.length > 0) return false;
    const initializer = declaration.node.initializer && unwrapExpression(t, declaration.node.initializer);
    return (
      initializer !== undefined &&
      (t.isLiteralExpression(initializer) ||
        t.isObjectLiteralExpression(initializer) ||
        t.isArrayLiteralExpression(initializer) ||
        t.isNewExpression(initializer))
    );
  }

  /** Every identifier of the files spelled `name` but a property's name in an object literal (`{ name: ... }`), in the files' order. */
  private usesNamed(name: string): readonly ts.Identifier[] {
    this.uses ??= new Map();
    let uses = this.uses.get(name);
    if (!uses) {
      uses = this.files.flatMap((file) => identifiersIn(this.t, file).get(name) ?? []);
      this.uses.set(name, uses);
    }
    return uses;
  }
}

/**
 * Per file, its identifiers by spelling but properties' names in object literals: a function of the
 * file's syntax alone, searched once for all the apps of a project (they share their parsed files).
 */
const fileIdentifiers = new WeakMap<ts.SourceFile, ReadonlyMap<string, readonly ts.Identifier[]>>();

function identifiersIn(t: typeof import('typescript'), file: ts.SourceFile): ReadonlyMap<string, readonly ts.Identifier[]> {
  let found = fileIdentifiers.get(file);
  if (!found) {
    const uses = new Map<string, ts.Identifier[]>();
    searchSyntax(t, [file], (node) => {
      if (!t.isIdentifier(node)) return;
      const parent = parentOf(node);
      if (parent && t.isPropertyAssignment(parent) && parent.name === node) return;
      const list = uses.get(node.text) ?? [];
      list.push(node);
      uses.set(node.text, list);
    });
    found = uses;
    fileIdentifiers.set(file, found);
  }
  return found;
}

/** `export default function harden(...)`, `export default class Guard`: imported, it goes by any name the importer picks. */
function isDefaultExport(t: typeof import('typescript'), node: ts.Node): boolean {
  return t.canHaveModifiers(node) && (t.getModifiers(node) ?? []).some((m) => m.kind === t.SyntaxKind.DefaultKeyword);
}
