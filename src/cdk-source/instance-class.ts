import type * as ts from 'typescript';
import { isNamedMemberAccess } from './member-syntax.js';
import type { Frame } from './static-value.js';

/**
 * The class of the instance `this` is at the innermost frame of `frames`: the class of the `new`
 * whose constructor chain the code runs in. Walking outward, loop iterations keep `this`, as do the
 * constructors of base classes (`super(...)`, the same instance) and methods called through
 * `this.name(...)` or `super.name(...)`; the first `new` names the class. Any other call (a function,
 * a method of another object) has a `this` of its own: undefined, as for a body walked on its own.
 * JavaScript looks a method called through `this` up on that instance's class, so a base class's
 * constructor calling `this.build()` runs the subclass's override
 * (https://tc39.es/ecma262/#sec-ordinarycallbindthis, https://tc39.es/ecma262/#sec-getvalue).
 */
export function instanceClassOf(t: typeof import('typescript'), frames: readonly Frame[]): ts.ClassLikeDeclaration | undefined {
  for (let at = frames.length - 1; at >= 0; at -= 1) {
    const frame = frames[at];
    const call = frame?.call;
    if (!frame || !call || call.kind === 'super') continue;
    if (call.kind === 'new') return t.isClassLike(call.callee) ? call.callee : undefined;
    const site = frame.loop;
    const receiver = t.isCallExpression(site) && isNamedMemberAccess(t, site.expression) ? site.expression.expression.kind : undefined;
    if (receiver !== t.SyntaxKind.ThisKeyword && receiver !== t.SyntaxKind.SuperKeyword) return undefined;
  }
  return undefined;
}
