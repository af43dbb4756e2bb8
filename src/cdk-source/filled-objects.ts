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
  /** Writes recorded in walk order, per variable, per activation. */
  private readonly writes = new Map<ts.VariableDeclaration, Map<string, Write[]>>();
  private readonly frameIds = new WeakMap<Frame, number>();
  private frameCount = 0;
  private readonly eligible = new Map<ts.VariableDeclaration, readonly ts.BinaryExpression[] | undefined>();
  private count = 0;
  private walking = true;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly mutated: MutatedVariables,
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    /** Whether the walk visits a node wherever it runs (`construct-relevance.ts`). */
    private readonly visited: (node: ts.Node) => boolean,
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
    if (!t.isIdentifier(target)) return;
    const variable = this.declarationOf(target);
    if (!variable || !t.isVariableDeclaration(variable) || this.writesOf(variable)?.includes(write) !== true) return;
    const key = t.isPropertyAccessExpression(left) ? left.name.text : keyOf(evaluator.evaluate(left.argumentExpression, context));
    const value = evaluator.evaluate(write.right, context);
    const activation = this.activation(variable, context.frames);
    const list = this.writes.get(variable) ?? new Map<string, Write[]>();
    this.writes.set(variable, list);
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
  read(variable: ts.VariableDeclaration, initial: StaticValue, context: Context, name: string): StaticValue | undefined {
    const writes = this.writesOf(variable);
    if (writes === undefined || initial.kind !== 'object' || writes.some((write) => !this.visited(write))) return undefined;
    const before = context.writesSeen ?? (this.walking ? this.count : undefined);
    if (before === undefined) return undefined;
    const entries = new Map(initial.entries);
    let rest = initial.rest;
    for (const write of this.writes.get(variable)?.get(this.activation(variable, context.frames)) ?? []) {
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

  private writesOf(variable: ts.VariableDeclaration): readonly ts.BinaryExpression[] | undefined {
    if (this.eligible.has(variable)) return this.eligible.get(variable);
    const initializer = variable.initializer && unwrapExpression(this.ts, variable.initializer);
    const writes = initializer && this.ts.isObjectLiteralExpression(initializer) ? this.mutated.writesOf(variable) : undefined;
    this.eligible.set(variable, writes);
    return writes;
  }

  /** The run of the code declaring `variable` that `frames` are in: the frames around the declaration, by identity. */
  private activation(variable: ts.VariableDeclaration, frames: readonly Frame[]): string {
    let end = 0;
    for (const [index, frame] of frames.entries()) if (encloses(frame.call ? frame.call.callee : frame.loop, variable)) end = index + 1;
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
