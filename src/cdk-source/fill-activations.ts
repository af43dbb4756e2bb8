import type * as ts from 'typescript';
import type { Frame } from './static-value.js';
import { encloses } from './parent-of.js';

/**
 * Which run of its code an object filled in place belongs to (`filled-objects.ts`): a variable has one
 * object per run of the code declaring it, a class property one per instance. A run is named by its
 * frames (call sites, loops and iterations), each by what it runs, so that frames the evaluator builds
 * again for the same call name the same run.
 */
export class FillActivations {
  private readonly frameKeys = new WeakMap<Frame, string>();
  private readonly nodeIds = new WeakMap<ts.Node, number>();
  private nodeCount = 0;

  constructor(private readonly ts: typeof import('typescript')) {}

  /**
   * The run of the code declaring a variable that `frames` are in (the frames around the declaration,
   * by identity), or the instance a class property belongs to (the frames up to its class's `new` or
   * `super(...)`); undefined when `frames` are in no instance of the class.
   */
  of(filled: ts.Node, frames: readonly Frame[]): string | undefined {
    let end = 0;
    if (this.ts.isPropertyDeclaration(filled)) {
      end = frames.findLastIndex((frame) => frame.call?.callee === filled.parent) + 1;
      if (end === 0) return undefined;
    } else for (const [index, frame] of frames.entries()) if (encloses(frame.call ? frame.call.callee : frame.loop, filled)) end = index + 1;
    return frames
      .slice(0, end)
      .map((frame) => this.frameKey(frame))
      .join(',');
  }

  /**
   * A frame by what it runs: its call site or loop, iteration and callee. The evaluator builds the
   * frames of an instance's constructor again where the instance is read (`props.people.users` in
   * another stack): the same call in the same place is the same run.
   */
  private frameKey(frame: Frame): string {
    let key = this.frameKeys.get(frame);
    if (key === undefined) {
      key = `${String(this.nodeId(frame.loop))}.${String(frame.index)}${frame.call ? `.${frame.call.kind}.${String(this.nodeId(frame.call.callee))}` : ''}`;
      this.frameKeys.set(frame, key);
    }
    return key;
  }

  private nodeId(node: ts.Node): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nodeCount;
      this.nodeCount += 1;
      this.nodeIds.set(node, id);
    }
    return id;
  }
}
