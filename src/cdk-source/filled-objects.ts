import type * as ts from 'typescript';
import { isCollection } from './collections.js';
import { ArrayFills, elementsOf } from './array-fills.js';
import { isNamedMemberAccess, memberNameOf, type NamedMemberAccess } from './member-syntax.js';
import type { FillKind } from './plain-uses.js';
import { exportedInOrder, ownerOf, writesBeforeReads } from './fill-order.js';
import { FillActivations } from './fill-activations.js';
import type { ModuleOrder } from './module-order.js';
import { snippet } from './source-location.js';
import { hideIfSecret, propertyKeyOf, sameValueZero, UNDEFINED, unknown, type Context, type StaticValue } from './static-value.js';
import type { Evaluator } from './evaluator.js';
import type { MutatedVariables } from './mutated-variables.js';
import { unwrapExpression } from './unwrap-expression.js';

/** A write that fills an object, Map or Set in place: `users[k] = v`, `users.set(k, v)`, `names.add(v)`. */
export type FillWrite = ts.BinaryExpression | ts.CallExpression;

/**
 * Objects the code fills in place, one property at a time, after declaring them:
 *
 * ```ts
 * const users: Record<string, iam.User> = {};
 * for (const name of ['ana', 'bob']) users[name] = new iam.User(this, name, { userName: name });
 * new iam.AccessKey(this, 'Key', { user: users['ana'] });
 * ```
 *
 * A variable changed in place is otherwise unknown (`mutated-variables.ts`). When every change made
 * to it is a plain property write (`users[k] = v`, `users.k = v`, no alias, no `delete`, no function it
 * is handed to), or, for a `new Map()` or `new Set()`, a `users.set(k, v)` or `names.add(v)` statement,
 * or, for an array literal, a `names.push(...)` or `names.unshift(...)` (`array-fills.ts`),
 * the construct walk records each write as it runs it, in order, with the key and the
 * value it has there (so the user of that very loop iteration), and a read sees the writes made
 * before it (README, "CDK TypeScript source"):
 *
 * - a variable has one object per run of the code declaring it: writes are kept per activation, the
 *   loop iterations and calls around its declaration (the same call sites, loops and iterations: the
 *   walk's frames, and those the evaluator builds again for an instance read elsewhere, such as
 *   another stack reading `props.people.users`);
 * - a construct's props see the writes recorded before the walk reached the construct
 *   (`Context.writesSeen`); other reads during the walk see the writes made so far, which is the
 *   order the code runs in; any other read after the walk is unknown;
 * - a write whose key is not known, or that may not run (an undecided `if`, a loop credlint does not
 *   expand, a body walked on its own), makes what it may have written unknown; a write the walk does
 *   not visit (its value creates no IAM construct: `construct-relevance.ts`) leaves the variable unknown.
 */
export class FilledObjects {
  /** Writes recorded in walk order, per variable (or class property's declaration), per activation. */
  private readonly writes = new Map<ts.Node, Map<string, Write[]>>();
  private readonly arrays = new ArrayFills();
  private readonly activations: FillActivations;
  /** The writes the walk has run at least once. */
  private readonly reached = new Set<FillWrite>();
  /** Per variable, how many of its writes are `reached`. */
  private readonly reachedCount = new Map<ts.Node, number>();
  /** Per variable, the order of the write that made every one of its writes `reached`. */
  private readonly completeAt = new Map<ts.Node, number>();
  private readonly eligible = new Map<ts.Node, Fill | undefined>();
  private readonly inOrder = new Map<ts.Node, boolean | undefined>();
  private count = 0;
  private walking = true;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly mutated: MutatedVariables,
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    /** Whether the walk visits a node wherever it runs (`construct-relevance.ts`). */
    private readonly visited: (node: ts.Node) => boolean,
    /** The class `this` is an instance of at a `this` node, if any. */
    private readonly thisClassAt: (node: ts.Node) => ts.ClassLikeDeclaration | undefined,
    /** Whether the project uses properties of the name only as `x.name[k]` or `x.name.k` (`MemberUses.onlyIndexed`). */
    private readonly onlyIndexed: (name: string) => boolean,
    /** The order the app's modules run in, when the project's files are known (`module-order.ts`). */
    private readonly modules: () => ModuleOrder | undefined = () => undefined,
  ) {
    this.activations = new FillActivations(ts);
  }

  /** How many writes the walk has recorded: what a construct created now sees (`Context.writesSeen`). */
  get recorded(): number {
    return this.count;
  }

  /** The walk is over: reads without `writesSeen` can no longer tell which writes came before them. */
  endWalk(): void {
    this.walking = false;
  }

  /** Records a write the walk runs (`users[name] = …`, `users.set(name, …)`) in `context`, if its target is a filled variable. */
  record(write: FillWrite, context: Context, evaluator: Evaluator): void {
    const t = this.ts;
    const written = t.isBinaryExpression(write) ? unwrapExpression(t, write.left) : unwrapExpression(t, write.expression);
    if (!t.isPropertyAccessExpression(written) && !t.isElementAccessExpression(written)) return;
    // Of calls, only `x.set(...)`, `x.add(...)`, `x.push(...)` and `x.unshift(...)` fill a Map, a Set or an array (asked of every call the walk runs).
    if (t.isCallExpression(write) && !(isNamedMemberAccess(t, written) && FILL_METHODS.has(memberNameOf(t, written)))) return;
    const target = unwrapExpression(t, written.expression);
    const filled = t.isIdentifier(target) ? this.declarationOf(target) : this.memberAt(target);
    const fill = filled && this.fillOf(filled);
    if (!filled || !fill?.written.has(write)) return;
    if (!this.reached.has(write)) {
      this.reached.add(write);
      const reached = (this.reachedCount.get(filled) ?? 0) + 1;
      this.reachedCount.set(filled, reached);
      if (reached === fill.written.size) this.completeAt.set(filled, this.count);
    }
    // A class property's object is one per instance: a write where the instance is not known may be to any.
    const activation = this.activations.of(filled, context.frames) ?? ANY_INSTANCE;
    const list = this.writes.get(filled) ?? new Map<string, Write[]>();
    this.writes.set(filled, list);
    const recorded = list.get(activation) ?? [];
    list.set(activation, recorded);
    const text = snippet(write, write.getSourceFile());
    const order = this.count;
    this.count += 1;
    if (fill.kind === 'array' && t.isCallExpression(write)) {
      // `names.push(a, ...more)`: the elements it adds, in order; `unshift` adds them in front.
      const end = memberNameOf(t, written as NamedMemberAccess) === 'unshift' ? 'front' : 'back';
      const value = context.existence === undefined ? elementsOf(t, write, context, evaluator) : unknown(`${text} may add to it: ${context.existence}`);
      recorded.push({ order, key: undefined, value, end });
      return;
    }
    let key: StaticValue | string | undefined;
    let value: StaticValue;
    if (t.isBinaryExpression(write)) {
      key = t.isPropertyAccessExpression(written) ? written.name.text : propertyKeyOf(evaluator.evaluate(written.argumentExpression, context));
      value = evaluator.evaluate(write.right, context);
    } else {
      // `users.set(k, v)`: the entry's key is any value, compared as the Map compares keys; a Set's value is its key.
      const [first, second] = write.arguments;
      key = evaluator.evaluate(first as ts.Expression, context);
      value = second ? evaluator.evaluate(second, context) : key;
      if (key.kind === 'unknown') key = undefined;
    }
    recorded.push(
      key === undefined
        ? { order, key, value: unknown(`${text} sets ${fill.kind === 'object' ? 'a property whose name' : 'an entry whose key'} is not known statically`) }
        : context.existence === undefined
          ? { order, key, value }
          : { order, key, value: unknown(`${text} may set it: ${context.existence}`), uncertain: true },
    );
  }

  /**
   * The object (or Map, or Set) `variable` holds where `context` reads it, its declared value
   * `initial` with the writes made before the read; undefined when `variable` is not filled by plain
   * writes (or is read where the writes before it are not known).
   */
  read(filled: ts.VariableDeclaration | ts.PropertyDeclaration, initial: StaticValue, context: Context, name: string): StaticValue | undefined {
    const fill = this.fillOf(filled);
    if (fill === undefined || !this.allVisited(fill)) return undefined;
    if (!fitsKind(initial, fill.kind)) return undefined;
    const before = context.writesSeen ?? (this.walking ? this.count : undefined);
    // The walk runs the files of an app in the order they run (`module-order.ts`), and a class's or
    // function's code where the app calls it. A module's variable read where the walk had not yet run
    // each of its writes (a construct's props are read at the point the walk found the construct:
    // `writesSeen`) may be read too early: in a cycle, the code reading it may run first.
    if (before !== undefined && this.isModuleVariable(filled) && !((this.completeAt.get(filled) ?? Infinity) < before))
      return unknown(`${name} is read before credlint has run every write of it at the top of its module`);
    if (this.readElsewhereInOrder(filled) === false)
      return unknown(`${name} is exported from a module in an import cycle, or imported by one, where its writes may not have run when it is read`);
    const activation = this.activations.of(filled, context.frames);
    if (before === undefined || activation === undefined) return undefined;
    const recorded = this.writes.get(filled);
    if ((recorded?.get(ANY_INSTANCE) ?? []).some((write) => write.order < before))
      return unknown(`${name} is written where credlint does not know which instance's it is`);
    const list = recorded?.get(activation) ?? [];
    const seen = countBefore(list, before);
    if (fill.kind === 'array' && initial.kind === 'array') return this.arrays.read(filled, activation, list, seen).over(initial, name);
    const writes = list.slice(0, seen);
    if (isCollection(initial)) return filledCollection(initial, writes, name);
    if (initial.kind !== 'object') return undefined;
    const entries = new Map(initial.entries);
    let rest = initial.rest;
    for (const write of writes) {
      if (typeof write.key === 'string') {
        entries.set(write.key, hideIfSecret(write.key, write.value));
        continue;
      }
      // Any property may have been set: every one is unknown from here on.
      const reason = write.value.kind === 'unknown' ? write.value : unknown(`${name} is written with an unknown key`);
      for (const key of entries.keys()) entries.set(key, reason);
      rest = reason;
    }
    return rest ? { kind: 'object', entries, rest } : { kind: 'object', entries };
  }

  /**
   * Of `candidates` (every `x.add(…)`, `x.set(…)`, `x.push(…)`, `x.unshift(…)`, `x[k] = …` and
   * `x.k = …` of the project), the writes the walk must visit although their values create no
   * construct (`names.add('dana')`, `keys.set('eli', 2)`, `names.push('ci')`), so that the variable
   * they fill is known where code that creates constructs reads it. Those of a variable filled by
   * plain writes (`fillOf`), declared in a function or file the walk visits (`visited`), not
   * exported, and whose every write and read runs there in order: in its body or in a callback handed
   * to a call there (`forEach`), not in a function declared there and run at some other time; or, for
   * a variable of a module, a read in a class declared there after every write (`inClassOf`), which
   * `read` takes only once the walk has run every write. The walk then visits them in the order they run.
   */
  writesToVisit(candidates: readonly FillWrite[]): FillWrite[] {
    const t = this.ts;
    const found: FillWrite[] = [];
    const decided = new Map<ts.Node, boolean>();
    for (const write of candidates) {
      const written = t.isBinaryExpression(write) ? unwrapExpression(t, write.left) : unwrapExpression(t, write.expression);
      if (!t.isPropertyAccessExpression(written) && !t.isElementAccessExpression(written)) continue;
      const target = unwrapExpression(t, written.expression);
      const variable = t.isIdentifier(target) ? this.declarationOf(target) : undefined;
      if (variable === undefined || !t.isVariableDeclaration(variable)) continue;
      let eligible = decided.get(variable);
      if (eligible === undefined) {
        eligible = this.runsInPlace(variable);
        decided.set(variable, eligible);
      }
      if (eligible && this.fillOf(variable)?.written.has(write) === true) found.push(write);
    }
    return found;
  }

  /**
   * Whether a variable filled in place is declared where the walk goes, and written and read only
   * where it runs in order. A module's variable that other modules import is read there once the
   * module has run (`readElsewhereInOrder`); every module walks, so its writes need no other visit.
   */
  private runsInPlace(variable: ts.VariableDeclaration): boolean {
    const t = this.ts;
    const fill = this.fillOf(variable);
    if (fill === undefined || !t.isIdentifier(variable.name)) return false;
    const owner = ownerOf(t, variable);
    if (owner === undefined || !(t.isSourceFile(owner) || this.visited(owner))) return false;
    if (!writesBeforeReads(t, variable, variable.name.text, owner, fill, (identifier) => this.declarationOf(identifier) === variable)) return false;
    return this.readElsewhereInOrder(variable) !== false;
  }

  /**
   * For a variable declared at the top of a module and exported (`export const names = []`,
   * `export { names }`, `export default names`), whether every other module that may read it runs
   * that code only once its module has run: neither its module nor a module importing it (directly or
   * through a file re-exporting it) is in an import cycle (`module-order.ts`). Outside a cycle a module
   * runs after the modules it imports, and nothing can call its code before it runs; in a cycle, code
   * of a module may run while a module it imports is still running its writes. Undefined for a
   * variable no other module can import.
   */
  private readElsewhereInOrder(filled: ts.Node): boolean | undefined {
    // Asked at every read: worked out once per variable.
    if (this.inOrder.has(filled)) return this.inOrder.get(filled);
    const answer = exportedInOrder(this.ts, filled, this.modules);
    this.inOrder.set(filled, answer);
    return answer;
  }

  /** Whether `filled` is a variable declared at the top of a module (not in a function or class). */
  private isModuleVariable(filled: ts.Node): boolean {
    const owner = this.ts.isVariableDeclaration(filled) ? ownerOf(this.ts, filled) : undefined;
    return owner !== undefined && this.ts.isSourceFile(owner);
  }

  /**
   * Whether the walk visits every write of `fill`: once it does, not asked again for every read (asked
   * while the project's calls are being collected, before the writes are marked, the answer may change).
   */
  private allVisited(fill: Fill): boolean {
    if (fill.visited !== true) fill.visited = fill.writes.every((write) => this.visited(write));
    return fill.visited;
  }

  /** The declaration of the class property `this.name` names, when declared with a value in the class `this` is. */
  private memberAt(target: ts.Expression): ts.PropertyDeclaration | undefined {
    const t = this.ts;
    if (!t.isPropertyAccessExpression(target) || unwrapExpression(t, target.expression).kind !== t.SyntaxKind.ThisKeyword) return undefined;
    const cls = this.thisClassAt(target.expression);
    const name = target.name.text;
    return cls?.members.find((m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && t.isIdentifier(m.name) && m.name.text === name);
  }

  /** How `filled` is filled in place, and every write that does it; undefined when it is changed some other way too. */
  private fillOf(filled: ts.Node): Fill | undefined {
    const t = this.ts;
    if (this.eligible.has(filled)) return this.eligible.get(filled);
    let fill: Fill | undefined;
    const initializer = (t.isVariableDeclaration(filled) || t.isPropertyDeclaration(filled)) && filled.initializer && unwrapExpression(t, filled.initializer);
    const kind = initializer ? this.kindOf(initializer) : undefined;
    if (kind) {
      let writes: readonly FillWrite[] | undefined;
      if (t.isVariableDeclaration(filled)) writes = this.mutated.fills.writesOf(filled, kind);
      else if (t.isPropertyDeclaration(filled) && t.isIdentifier(filled.name) && t.isClassLike(filled.parent) && !isStaticMember(t, filled)) {
        const name = filled.name.text;
        if (this.onlyIndexed(name)) writes = this.mutated.fills.memberWritesOf(filled.parent, name, kind);
      }
      fill = writes && { kind, writes, written: new Set(writes) };
    }
    this.eligible.set(filled, fill);
    return fill;
  }

  /** An object literal, or `new Map(...)` / `new Set(...)` of the globals (no project declaration of the name). */
  private kindOf(initializer: ts.Expression): FillKind | undefined {
    const t = this.ts;
    if (t.isObjectLiteralExpression(initializer)) return 'object';
    if (t.isArrayLiteralExpression(initializer)) return 'array';
    if (!t.isNewExpression(initializer) || !t.isIdentifier(initializer.expression) || this.declarationOf(initializer.expression)) return undefined;
    const name = initializer.expression.text;
    return name === 'Map' ? 'map' : name === 'Set' ? 'set' : undefined;
  }
}

/** The methods whose call fills a Map (`set`), a Set (`add`) or an array (`push`, `unshift`) in place. */
const FILL_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'push', 'unshift']);

/** How a variable or class property is filled in place: every write that does it, in source order and as a set. */
interface Fill {
  readonly kind: FillKind;
  readonly writes: readonly FillWrite[];
  readonly written: ReadonlySet<ts.Node>;
  /** Whether the walk visits every write (`visited`), once asked. */
  visited?: boolean;
}

/** The activation of writes to a class property made where the instance is not known. */
const ANY_INSTANCE = 'any';

function isStaticMember(t: typeof import('typescript'), member: ts.PropertyDeclaration): boolean {
  return (t.getModifiers(member) ?? []).some((m) => m.kind === t.SyntaxKind.StaticKeyword);
}

interface Write {
  readonly order: number;
  /** A property's name, or a Map's (Set's) key; undefined when not known statically. */
  readonly key: string | StaticValue | undefined;
  readonly value: StaticValue;
  /** The write may not run (`Context.existence`). */
  readonly uncertain?: true;
  /** An array's `push` (`back`) or `unshift` (`front`): `value` is the array of the elements it adds, or unknown. */
  readonly end?: 'front' | 'back';
}

/**
 * A Map or Set as `writes` leave it: `set` replaces the value of a key it has (keeping its place) or
 * appends an entry, `add` appends a value it does not have, keys compared with SameValueZero. A write
 * with an unknown key, or one that may not run, leaves which entries it has unknown.
 */
function filledCollection(initial: Extract<StaticValue, { kind: 'array' }>, writes: readonly Write[], name: string): StaticValue {
  const isMap = initial.collection === 'map';
  const items = [...initial.items];
  for (const write of writes) {
    const key = write.key;
    if (key === undefined || typeof key === 'string') return write.value.kind === 'unknown' ? write.value : unknown(`${name} is filled with an unknown key`);
    if (write.uncertain) return write.value;
    let at = -1;
    for (const [index, item] of items.entries()) {
      const same = sameValueZero(isMap ? (item.kind === 'array' ? (item.items[0] ?? UNDEFINED) : UNDEFINED) : item, key);
      if (same === undefined) return unknown(`whether two keys of ${name} are the same is not known statically`);
      if (same) at = index;
    }
    if (!isMap) {
      if (at < 0) items.push(key);
      continue;
    }
    const entry: StaticValue = { kind: 'array', items: [key, write.value] };
    if (at < 0) items.push(entry);
    else items[at] = entry;
  }
  return { ...initial, items };
}

/** Whether a declared value is of the kind its writes fill: an object, an array, or a Map or Set made by its constructor. */
function fitsKind(initial: StaticValue, kind: FillKind): boolean {
  if (kind === 'object') return initial.kind === 'object';
  if (kind === 'array') return initial.kind === 'array' && initial.collection === undefined;
  return isCollection(initial) && initial.collection === kind;
}

/** How many of `writes` (in the order recorded) were recorded before `before`: found by halving, as a read may come after thousands. */
function countBefore(writes: readonly Write[], before: number): number {
  let low = 0;
  let high = writes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((writes[middle]?.order ?? before) < before) low = middle + 1;
    else high = middle;
  }
  return low;
}
