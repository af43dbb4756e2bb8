import type * as ts from 'typescript';
import { snippet } from './source-location.js';
import { hideIfSecret, unknown, type Context, type Frame, type StaticValue } from './static-value.js';
import type { Evaluator } from './evaluator.js';
import type { MutatedVariables } from './mutated-variables.js';
import { unwrapExpression } from './unwrap-expression.js';

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
 * is handed to), the construct walk records each write as it runs it, in order, with the key and the
 * value it has there (so the user of that very loop iteration), and a read sees the writes made
 * before it (README, "CDK TypeScript source"):
 *
 * - a variable has one object per run of the code declaring it: writes are kept per activation, the
 *   loop iterations and calls around its declaration (the same frames, by identity);
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
  private readonly frameIds = new WeakMap<Frame, number>();
  private frameCount = 0;
  private readonly eligible = new Map<ts.Node, readonly ts.BinaryExpression[] | undefined>();
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
    /** Whether the project uses the class's property only as `this.name[k]` inside the class. */
    private readonly onlyIndexedThroughThis: (cls: ts.ClassLikeDeclaration, name: string) => boolean,
  ) {}

  /** How many writes the walk has recorded: what a construct created now sees (`Context.writesSeen`). */
  get recorded(): number {
    return this.count;
  }

  /** The walk is over: reads without `writesSeen` can no longer tell which writes came before them. */
  endWalk(): void {
    this.walking = false;
  }

  /** Records a write the walk runs (`users[name] = …`) in `context`, if its target is a filled variable. */
  record(write: ts.BinaryExpression, context: Context, evaluator: Evaluator): void {
    const t = this.ts;
    const left = unwrapExpression(t, write.left);
    if (!t.isPropertyAccessExpression(left) && !t.isElementAccessExpression(left)) return;
    const target = unwrapExpression(t, left.expression);
    const filled = t.isIdentifier(target) ? this.declarationOf(target) : this.memberAt(target);
    if (!filled || this.writesOf(filled)?.includes(write) !== true) return;
    const key = t.isPropertyAccessExpression(left) ? left.name.text : keyOf(evaluator.evaluate(left.argumentExpression, context));
    const value = evaluator.evaluate(write.right, context);
    // A class property's object is one per instance: a write where the instance is not known may be to any.
    const activation = this.activation(filled, context.frames) ?? ANY_INSTANCE;
    const list = this.writes.get(filled) ?? new Map<string, Write[]>();
    this.writes.set(filled, list);
    const recorded = list.get(activation) ?? [];
    list.set(activation, recorded);
    const text = snippet(write, write.getSourceFile());
    recorded.push(
      key === undefined
        ? { order: this.count, key: undefined, value: unknown(`${text} sets a property whose name is not known statically`) }
        : context.existence === undefined
          ? { order: this.count, key, value }
          : { order: this.count, key, value: unknown(`${text} may set it: ${context.existence}`) },
    );
    this.count += 1;
  }

  /**
   * The object `variable` holds where `context` reads it, its declared value `initial` with the
   * writes made before the read; undefined when `variable` is not filled by plain writes (or is read
   * where the writes before it are not known).
   */
  read(filled: ts.VariableDeclaration | ts.PropertyDeclaration, initial: StaticValue, context: Context, name: string): StaticValue | undefined {
    const writes = this.writesOf(filled);
    if (writes === undefined || initial.kind !== 'object' || writes.some((write) => !this.visited(write))) return undefined;
    const before = context.writesSeen ?? (this.walking ? this.count : undefined);
    const activation = this.activation(filled, context.frames);
    if (before === undefined || activation === undefined) return undefined;
    const recorded = this.writes.get(filled);
    if ((recorded?.get(ANY_INSTANCE) ?? []).some((write) => write.order < before))
      return unknown(`${name} is written where credlint does not know which instance's it is`);
    const entries = new Map(initial.entries);
    let rest = initial.rest;
    for (const write of recorded?.get(activation) ?? []) {
      if (write.order >= before) break;
      if (write.key !== undefined) {
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

  /** The declaration of the class property `this.name` names, when declared with a value in the class `this` is. */
  private memberAt(target: ts.Expression): ts.PropertyDeclaration | undefined {
    const t = this.ts;
    if (!t.isPropertyAccessExpression(target) || unwrapExpression(t, target.expression).kind !== t.SyntaxKind.ThisKeyword) return undefined;
    const cls = this.thisClassAt(target.expression);
    const name = target.name.text;
    return cls?.members.find((m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && t.isIdentifier(m.name) && m.name.text === name);
  }

  private writesOf(filled: ts.Node): readonly ts.BinaryExpression[] | undefined {
    const t = this.ts;
    if (this.eligible.has(filled)) return this.eligible.get(filled);
    let writes: readonly ts.BinaryExpression[] | undefined;
    const initializer = (t.isVariableDeclaration(filled) || t.isPropertyDeclaration(filled)) && filled.initializer && unwrapExpression(t, filled.initializer);
    if (initializer && t.isObjectLiteralExpression(initializer)) {
      if (t.isVariableDeclaration(filled)) writes = this.mutated.writesOf(filled);
      else if (t.isPropertyDeclaration(filled) && t.isIdentifier(filled.name) && t.isClassLike(filled.parent) && !isStaticMember(t, filled)) {
        const name = filled.name.text;
        if (this.onlyIndexedThroughThis(filled.parent, name)) writes = this.mutated.memberWritesOf(filled.parent, name);
      }
    }
    this.eligible.set(filled, writes);
    return writes;
  }

  /**
   * The run of the code declaring a variable that `frames` are in (the frames around the declaration,
   * by identity), or the instance a class property belongs to (the frames up to its class's `new` or
   * `super(...)`); undefined when `frames` are in no instance of the class.
   */
  private activation(filled: ts.Node, frames: readonly Frame[]): string | undefined {
    let end = 0;
    if (this.ts.isPropertyDeclaration(filled)) {
      end = frames.findLastIndex((frame) => frame.call?.callee === filled.parent) + 1;
      if (end === 0) return undefined;
    } else for (const [index, frame] of frames.entries()) if (encloses(frame.call ? frame.call.callee : frame.loop, filled)) end = index + 1;
    return frames
      .slice(0, end)
      .map((frame) => {
        let id = this.frameIds.get(frame);
        if (id === undefined) {
          id = this.frameCount;
          this.frameCount += 1;
          this.frameIds.set(frame, id);
        }
        return id;
      })
      .join(',');
  }
}

/** The activation of writes to a class property made where the instance is not known. */
const ANY_INSTANCE = 'any';

function isStaticMember(t: typeof import('typescript'), member: ts.PropertyDeclaration): boolean {
  return (t.getModifiers(member) ?? []).some((m) => m.kind === t.SyntaxKind.StaticKeyword);
}

interface Write {
  readonly order: number;
  /** Undefined when the key is not known statically. */
  readonly key: string | undefined;
  readonly value: StaticValue;
}

/** A property key as JavaScript turns it into one (`String(key)`), when known. */
function keyOf(key: StaticValue): string | undefined {
  if (key.kind === 'string') return key.value;
  if (key.kind === 'number' || key.kind === 'boolean') return String(key.value);
  return undefined;
}

function encloses(outer: ts.Node, inner: ts.Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && outer.pos <= inner.pos && inner.end <= outer.end;
}
