import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import {
  compose,
  COPY,
  ELEMENT,
  HOLDER,
  isCallee,
  isMethodCallee,
  referenceOf,
  referencesIn,
  SAME,
  thisMemberOf,
  type Reference,
  type Relation,
} from './value-references.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Methods that change their receiver: Array's and those of Map and Set. */
export const CHANGING_METHODS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
  'add',
  'delete',
  'clear',
]);

/** `Object.<name>(target, …)` and `Reflect.<name>(target, …)` that change `target`. */
export const CHANGING_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  Object: new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf']),
  Reflect: new Set(['set', 'defineProperty', 'deleteProperty', 'setPrototypeOf']),
};

/** How deep a scope's tree is searched (the evaluator's own scans stop at the same depth). */
export const MAX_DEPTH = 500;

/**
 * What one scope's tree does to the values of the names it uses, for the search of changes made in
 * place (`mutated-variables.ts`): one pass lists, by name, the identifiers at the root of each change
 * and every other reference the value of a name gets (`value-references.ts`).
 */
export interface ScopeChanges {
  /** Identifiers at the root of a change, by name, with the change's node (for messages) and how many levels down the identifier's value the changed value is. */
  readonly roots: Map<string, { readonly identifier: ts.Identifier; readonly change: ts.Node; readonly depth: number; readonly key: string | undefined }[]>;
  /**
   * Other names given to a value reached from a name (`referencesIn`), by that name: a declaration
   * (`const a = b`, `const a = config.names`, `const h = { a: names }`), an element a `for...of` or an
   * array method's callback receives (`for (const u of users)`, `users.forEach((u) => …)`).
   */
  readonly aliases: Map<
    string,
    { readonly identifier: ts.Identifier; readonly alias: ts.VariableDeclaration | ts.ParameterDeclaration; readonly relation: Relation }[]
  >;
  /** Names whose elements an array method hands to a function named as its callback (`users.forEach(rename)`), by that name. */
  readonly callbacks: Map<
    string,
    {
      readonly identifier: ts.Identifier;
      readonly callback: ts.Identifier;
      readonly index: number;
      readonly call: ts.CallExpression;
      readonly relation: Relation;
    }[]
  >;
  /**
   * Values reached from a name and stored in a property of `this` or in a value it holds
   * (`this.names = names`, `this.lists.push(names)`, `this.cfg.list = names`), by that name, with the
   * property's name and how the value relates to the property's value.
   */
  readonly inMembers: Map<
    string,
    {
      readonly identifier: ts.Identifier;
      readonly self: ts.Expression;
      readonly member: string;
      readonly assignment: ts.Node;
      readonly relation: Relation;
    }[]
  >;
  /** Values reached from a name and stored in another name's value (`h.a = names`) or given to it (`list = names`), by the first name. */
  readonly stored: Map<
    string,
    { readonly identifier: ts.Identifier; readonly holder: ts.Identifier; readonly assignment: ts.Node; readonly relation: Relation }[]
  >;
  /**
   * Values reached from a name that a function returns (`return names`, `(list) => list`), by that
   * name, with the function: where its calls' results go, the value goes.
   */
  readonly returned: Map<string, { readonly identifier: ts.Identifier; readonly returner: ts.SignatureDeclaration; readonly relation: Relation }[]>;
  /** Changes whose root is a property of `this` (`this.names.push(x)`), by the property's name, with how many levels down its value the changed value is. */
  readonly members: Map<string, { readonly change: ts.Node; readonly depth: number }[]>;
  /** `const { names, cfg: config } = x`: by the property's name, the declaration and the name it is bound to. */
  readonly destructured: Map<string, { readonly declaration: ts.VariableDeclaration; readonly local: string }[]>;
  /** Values reached from a name handed to a function called by name (`fill(names)`, `fill({ list: names })`) or to a method (`this.fill(names)`), by that name: the function may change them. */
  readonly handed: Map<
    string,
    { readonly identifier: ts.Identifier; readonly call: ts.CallExpression | ts.NewExpression; readonly index: number; readonly relation: Relation }[]
  >;
}

/**
 * Array (and Map and Set) methods whose callback receives the receiver's elements: which parameters
 * take an element (a Set's `forEach` gives it twice), and which one the receiver itself
 * (https://tc39.es/ecma262/#sec-array.prototype.foreach). `reduce`'s accumulator starts as its
 * second argument, or as the first element without one.
 */
const ELEMENT_CALLBACKS: Readonly<Record<string, { readonly elements: readonly number[]; readonly receiver: number }>> = {
  forEach: { elements: [0, 1], receiver: 2 },
  map: { elements: [0], receiver: 2 },
  flatMap: { elements: [0], receiver: 2 },
  filter: { elements: [0], receiver: 2 },
  find: { elements: [0], receiver: 2 },
  findLast: { elements: [0], receiver: 2 },
  findIndex: { elements: [0], receiver: 2 },
  findLastIndex: { elements: [0], receiver: 2 },
  some: { elements: [0], receiver: 2 },
  every: { elements: [0], receiver: 2 },
  reduce: { elements: [1], receiver: 3 },
  reduceRight: { elements: [1], receiver: 3 },
};

/**
 * Per scope, what `scopeChanges` found: a function of its syntax alone, so the apps of a project, which
 * share their parsed files, each read it from here instead of searching the tree again.
 */
const found = new WeakMap<ts.Node, ScopeChanges>();

/** The changes and references of one scope's tree (a function, a block, a class, a file); never changed by its readers. */
export function scopeChanges(t: typeof import('typescript'), scope: ts.Node): ScopeChanges {
  let changes = found.get(scope);
  if (!changes) {
    changes = searchScope(t, scope);
    found.set(scope, changes);
  }
  return changes;
}

function searchScope(t: typeof import('typescript'), scope: ts.Node): ScopeChanges {
  const changes: ScopeChanges = {
    roots: new Map(),
    aliases: new Map(),
    inMembers: new Map(),
    callbacks: new Map(),
    stored: new Map(),
    members: new Map(),
    returned: new Map(),
    destructured: new Map(),
    handed: new Map(),
  };
  const add = <T extends { readonly identifier: ts.Identifier }>(map: Map<string, T[]>, entry: T): void => {
    const key = resultKey(t, entry.identifier);
    const list = map.get(key) ?? [];
    list.push(entry);
    map.set(key, list);
  };
  const changed = (target: ts.Expression, change: ts.Node): void => {
    const member = thisMemberOf(t, target);
    if (member !== undefined && member.relation.from === 0) {
      const list = changes.members.get(member.member) ?? [];
      list.push({ change, depth: member.relation.shift });
      changes.members.set(member.member, list);
    }
    // A change made to a copy (`names.slice().push(x)`) leaves the name's value as it was.
    const reference = referenceOf(t, target);
    if (reference === undefined || reference.relation.from > 0) return;
    add(changes.roots, { identifier: reference.identifier, change, depth: reference.relation.shift, key: reference.relation.key });
  };
  // What a `for...of` or an array method's callback receives is an element: inside the value iterated.
  const elements = (iterated: ts.Expression, alias: ts.VariableDeclaration | ts.ParameterDeclaration): void => {
    for (const { identifier, relation } of referencesIn(t, iterated)) add(changes.aliases, { identifier, alias, relation: compose(ELEMENT, relation) });
  };
  // Arguments of a function or class called by name: what the parameter taking each one is given.
  const handedIn = (call: ts.CallExpression | ts.NewExpression): void => {
    call.arguments?.forEach((argument, index) => {
      for (const { identifier, relation } of referencesIn(t, argument)) add(changes.handed, { identifier, call, index, relation });
    });
  };
  // `value` put where `slot` reaches (`slot` is `h.a` in `h.a = value`), `step` being what the slot gets
  // of it: the value, or a copy of what it holds; the slot's name now holds what the value is.
  const stored = (slot: Reference, value: ts.Expression, assignment: ts.Node, step: Relation): void => {
    const { shift, from } = slot.relation;
    if (from > 0) return;
    for (const reference of referencesIn(t, value)) {
      // `({ b: list } = { a: names, b: [] })`: the slot is given what the holder has under another property.
      if (
        step.shift > 0 &&
        reference.relation.shift < 0 &&
        step.key !== undefined &&
        reference.relation.key !== undefined &&
        step.key !== reference.relation.key
      )
        continue;
      const relation = compose(step, reference.relation);
      // Under the slot's first property of the holder (`h.a = names`: `a`), or, put in the holder's place, where the value has it.
      const key = shift > 0 ? slot.relation.key : relation.key;
      add(changes.stored, {
        identifier: reference.identifier,
        holder: slot.identifier,
        assignment,
        relation: {
          shift: relation.shift - shift,
          from: relation.from + shift,
          ...(key === undefined ? {} : { key }),
          ...(relation.shallower ? { shallower: true as const } : {}),
        },
      });
    }
  };
  // `value` put where `target` reaches under a property of `this` (`this.list = names`, `this.lists.push(names)`,
  // `this.cfg.list = names`): what the class does to its property may change the value.
  const storedInMember = (target: ts.Expression, value: ts.Expression, assignment: ts.Node, step: Relation): void => {
    const slot = thisMemberOf(t, target);
    if (!slot || slot.relation.from > 0) return;
    const { shift } = slot.relation;
    for (const reference of referencesIn(t, value)) {
      const relation = compose(step, reference.relation);
      add(changes.inMembers, {
        identifier: reference.identifier,
        self: slot.self,
        member: slot.member,
        assignment,
        relation: { shift: relation.shift - shift, from: relation.from + shift, ...(relation.shallower ? { shallower: true as const } : {}) },
      });
    }
  };
  // A target an assignment writes (`u.name`: a change of `u`) and, from `value`, `step` relating what it is given to the value.
  const assignedTarget = (target: ts.Expression, step: Relation, value: ts.Expression | undefined, assignment: ts.Node): void => {
    if (t.isPropertyAccessExpression(target) || t.isElementAccessExpression(target)) changed(target.expression, assignment);
    // `[this.list] = [names]`: any part of `value` may land there.
    if (value) storedInMember(target, value, assignment, step);
    const slot = value && referenceOf(t, target);
    if (slot) stored(slot, value, assignment, step);
  };
  // The targets of a destructuring assignment's pattern, `depth` levels down `value` (under its property `key`).
  const assignedTargets = (
    pattern: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression,
    depth: number,
    key: string | undefined,
    value: ts.Expression | undefined,
    assignment: ts.Node,
  ): void => {
    if (depth > MAX_DEPTH) return;
    const parts: [ts.Expression, string | undefined, boolean][] = t.isArrayLiteralExpression(pattern)
      ? pattern.elements.flatMap((element): [ts.Expression, string | undefined, boolean][] =>
          t.isOmittedExpression(element) ? [] : t.isSpreadElement(element) ? [[element.expression, undefined, true]] : [[element, undefined, false]],
        )
      : pattern.properties.flatMap((property): [ts.Expression, string | undefined, boolean][] => {
          if (t.isPropertyAssignment(property))
            return [[property.initializer, t.isIdentifier(property.name) || t.isStringLiteralLike(property.name) ? property.name.text : undefined, false]];
          if (t.isShorthandPropertyAssignment(property)) return [[property.name, property.name.text, false]];
          return t.isSpreadAssignment(property) ? [[property.expression, undefined, true]] : [];
        });
    for (const [part, name, rest] of parts) {
      let target = unwrapExpression(t, part);
      // `[a = fallback] = x`: the target is `a`, given `fallback` when nothing is there.
      if (t.isBinaryExpression(target) && target.operatorToken.kind === t.SyntaxKind.EqualsToken) {
        const fallback = target.right;
        target = unwrapExpression(t, target.left);
        const slot = referenceOf(t, target);
        if (slot) stored(slot, fallback, assignment, SAME);
      }
      const first = depth === 0 ? name : key;
      if (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target)) assignedTargets(target, depth + 1, first, value, assignment);
      // A rest target (`[...others] = x`) is a new array or object of the values one level down.
      else
        assignedTarget(
          target,
          rest ? { shift: depth, from: 1 } : { shift: depth + 1, from: 0, ...(first === undefined ? {} : { key: first }) },
          value,
          assignment,
        );
    }
  };
  const returns = (returner: ts.SignatureDeclaration | undefined, value: ts.Expression): void => {
    if (returner) for (const { identifier, relation } of referencesIn(t, value)) add(changes.returned, { identifier, returner, relation });
  };
  const visit = (node: ts.Node, depth: number, returner: ts.SignatureDeclaration | undefined): void => {
    if (depth > MAX_DEPTH) return;
    if (t.isReturnStatement(node) && node.expression) returns(returner, node.expression);
    else if (t.isArrowFunction(node) && !t.isBlock(node.body)) returns(node, node.body);
    if (t.isCallExpression(node)) {
      const callee = unwrapExpression(t, node.expression);
      const [first] = node.arguments;
      if (isNamedMemberAccess(t, callee)) {
        const owner = unwrapExpression(t, callee.expression);
        const statics = t.isIdentifier(owner) && Object.hasOwn(CHANGING_STATICS, owner.text) ? CHANGING_STATICS[owner.text] : undefined;
        const method = memberNameOf(t, callee);
        if (statics?.has(method) === true) {
          if (first) changed(first, node);
          // `Object.assign(target, { a: names })`: the target gets what the sources hold.
          const target = first && method === 'assign' ? referenceOf(t, first) : undefined;
          if (target) for (const source of node.arguments.slice(1)) stored(target, source, node, COPY);
          if (first && method === 'assign') for (const source of node.arguments.slice(1)) storedInMember(first, source, node, COPY);
        } else if (CHANGING_METHODS.has(method)) {
          changed(callee.expression, node);
          // `all.push(names)`, `byName.set(k, names)`: the receiver now holds the arguments, one level down.
          const receiver = referenceOf(t, callee.expression);
          if (receiver) for (const argument of node.arguments) stored(receiver, argument, node, HOLDER);
          for (const argument of node.arguments) storedInMember(callee.expression, argument, node, HOLDER);
        }
        const callback = first && Object.hasOwn(ELEMENT_CALLBACKS, method) ? unwrapExpression(t, first) : undefined;
        const takes = ELEMENT_CALLBACKS[method];
        if (callback && takes) {
          // Each parameter and what it is given: elements, the receiver, the accumulator's start.
          const given: [number, ts.Expression, Relation][] = [
            ...takes.elements.map((index): [number, ts.Expression, Relation] => [index, callee.expression, ELEMENT]),
            [takes.receiver, callee.expression, SAME],
          ];
          const start = node.arguments[1];
          if (method === 'reduce' || method === 'reduceRight') given.push(start ? [0, start, SAME] : [0, callee.expression, ELEMENT]);
          const inline = t.isArrowFunction(callback) || t.isFunctionExpression(callback) ? callback : undefined;
          for (const [index, value, step] of given) {
            const parameter = inline?.parameters[index];
            if (parameter)
              for (const { identifier, relation } of referencesIn(t, value))
                add(changes.aliases, { identifier, alias: parameter, relation: compose(step, relation) });
            // `users.forEach(rename)`: a project function named as the callback receives them too.
            else if (!inline && t.isIdentifier(callback))
              for (const { identifier, relation } of referencesIn(t, value))
                add(changes.callbacks, { identifier, callback, index, call: node, relation: compose(step, relation) });
          }
        }
        // `this.fill(names)`, `helper.addAll(names)`: a method of the project may change them (`method-targets.ts`).
        handedIn(node);
        // `cb(names)`, `fns[i](names)`, `new lib.Filler(names)`: the functions the call may run (`callee-parameters.ts`).
      } else handedIn(node);
    } else if (t.isNewExpression(node)) {
      handedIn(node);
    } else if (isAssignment(t, node)) {
      const left = unwrapExpression(t, node.left);
      if (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) changed(left.expression, node);
      // `[list] = [names]`, `({ a: u.name } = x)`: each target of the pattern is assigned what is there.
      if ((t.isArrayLiteralExpression(left) || t.isObjectLiteralExpression(left)) && node.operatorToken.kind === t.SyntaxKind.EqualsToken)
        assignedTargets(left, 0, undefined, node.right, node);
      // `h.a = names`: `h` now holds the value; `list = names`: `list` is it.
      const holder = node.operatorToken.kind === t.SyntaxKind.EqualsToken ? referenceOf(t, left) : undefined;
      if (node.operatorToken.kind === t.SyntaxKind.EqualsToken) storedInMember(left, node.right, node, SAME);
      if (holder) stored(holder, node.right, node, SAME);
    } else if ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) && isIncrement(t, node.operator)) {
      const operand = unwrapExpression(t, node.operand);
      if (t.isPropertyAccessExpression(operand) || t.isElementAccessExpression(operand)) changed(operand.expression, node);
    } else if (t.isDeleteExpression(node)) {
      const operand = unwrapExpression(t, node.expression);
      if (t.isPropertyAccessExpression(operand) || t.isElementAccessExpression(operand)) changed(operand.expression, node);
    } else if (t.isForOfStatement(node) && t.isVariableDeclarationList(node.initializer)) {
      const [declaration] = node.initializer.declarations;
      if (declaration) elements(node.expression, declaration);
    } else if ((t.isForOfStatement(node) || t.isForInStatement(node)) && !t.isVariableDeclarationList(node.initializer)) {
      // `for (u of users)`, `for ([k, v] of Object.entries(h))`, `for (u.name in x)`: each element (a key of `for...in`) is assigned to the target.
      const of = t.isForOfStatement(node);
      const target = unwrapExpression(t, node.initializer);
      if (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target))
        assignedTargets(target, of ? 1 : 0, undefined, of ? node.expression : undefined, node);
      else assignedTarget(target, { shift: 1, from: 0 }, of ? node.expression : undefined, node);
    } else if (t.isVariableDeclaration(node) && node.initializer) {
      if (t.isObjectBindingPattern(node.name))
        for (const element of node.name.elements) {
          const key = element.propertyName ?? element.name;
          if (element.dotDotDotToken || !t.isIdentifier(element.name) || !(t.isIdentifier(key) || t.isStringLiteralLike(key))) continue;
          const list = changes.destructured.get(key.text) ?? [];
          list.push({ declaration: node, local: element.name.text });
          changes.destructured.set(key.text, list);
        }
      // `const list = names`, `const list = config.names`, `const h = { a: names }`: changing `list` or what `h` holds may change `names`.
      for (const { identifier, relation } of referencesIn(t, node.initializer)) add(changes.aliases, { identifier, alias: node, relation });
    }
    const inner = t.isFunctionLike(node) ? node : returner;
    t.forEachChild(node, (child) => {
      visit(child, depth + 1, inner);
    });
  };
  visit(scope, 0, undefined);
  return changes;
}

/** The key a name's entries are listed under: its own, `name()` for the result of a call of it (`isCallee`), `.name()` for that of a method of the name (`isMethodCallee`). */
export function resultKey(t: typeof import('typescript'), identifier: ts.Identifier): string {
  if (isCallee(t, identifier)) return `${identifier.text}()`;
  return isMethodCallee(t, identifier) ? `.${identifier.text}()` : identifier.text;
}
