import type * as ts from 'typescript';
import { isStatic } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import type { Callable } from './static-value.js';
import { appendAll } from '../core/append-all.js';

/**
 * Which syntax the construct walk (`walk-constructs.ts`) has to visit, and which project bodies it
 * has to walk per call site. The walk only ever records a construct at an IAM construct's `new`; it
 * reaches one through the syntax around it and through calls of project classes and functions whose
 * bodies reach one. Everything else — most of a CDK app: buckets, queues, roles, tags — it would
 * evaluate (loops, arguments, conditions) for nothing, once per call site. So before the walk:
 *
 * - every node on the way from a source file down to an IAM construct's `new` is marked;
 * - a class or function whose body (as it runs per call: a function's parameters and body; a class's
 *   constructor, instance property initializers, or its base class's constructor when it has none)
 *   holds a marked node is live, and its call sites are marked in turn, until nothing changes.
 *
 * The walk skips unmarked syntax and does not call into bodies that are not live. What it records,
 * and every context it records it in, is unchanged: an unmarked subtree holds no construct `new` and
 * no call of a live body, so walking it could record nothing. When the search could not look into
 * some syntax (nested past its depth, or a file it gave up on), nothing is skipped: the walk goes
 * everywhere, as without this, and reports what it cannot analyse.
 */
export class ConstructRelevance {
  private readonly marked = new WeakSet<ts.Node>();
  private readonly live = new WeakSet<Callable>();
  private readonly sitesOf = new Map<Callable, ts.Node[]>();
  private readonly pending: ts.Node[] = [];
  private everything = false;

  constructor(private readonly ts: typeof import('typescript')) {}

  /** A node the walk must reach: an IAM construct's `new` (or one that may be). */
  mustReach(node: ts.Node): void {
    this.pending.push(node);
  }

  /** Syntax the search did not look into: the walk must then visit everything. */
  searchIncomplete(): void {
    this.everything = true;
  }

  /** A call site of a project class or function (`site` is the `extends` expression for a constructor's implicit `super`). */
  callSite(site: ts.Node, callee: Callable): void {
    const sites = this.sitesOf.get(callee);
    if (sites) sites.push(site);
    else this.sitesOf.set(callee, [site]);
  }

  /** Marks what the walk must reach, once every node and call site is known. */
  settle(): void {
    for (let node = this.pending.pop(); node !== undefined; node = this.pending.pop()) this.markUp(node);
  }

  /** Whether the walk must visit the node: something below it can create an IAM construct. */
  mustVisit(node: ts.Node): boolean {
    return this.everything || this.marked.has(node);
  }

  /** Whether walking the callee's body for a call can create an IAM construct. */
  isLive(callee: Callable): boolean {
    return this.everything || this.live.has(callee);
  }

  /**
   * Marks the node and its ancestors up to one already marked; a class or function entered through
   * the part of it that runs per call becomes live, and its call sites are marked next.
   */
  private markUp(node: ts.Node): void {
    if (this.marked.has(node)) return;
    this.marked.add(node);
    let child = node;
    for (let parent = parentOf(node); parent !== undefined; child = parent, parent = parentOf(parent)) {
      if (this.runsPerCall(parent, child) && !this.live.has(parent as Callable)) {
        this.live.add(parent as Callable);
        appendAll(this.pending, this.sitesOf.get(parent as Callable) ?? []);
      }
      if (this.marked.has(parent)) return;
      this.marked.add(parent);
    }
  }

  /** Whether `child` is part of what a call of `parent` runs (`walkBody` in the walk). */
  private runsPerCall(parent: ts.Node, child: ts.Node): boolean {
    const t = this.ts;
    if (t.isFunctionDeclaration(parent) || t.isFunctionExpression(parent) || t.isArrowFunction(parent) || t.isMethodDeclaration(parent))
      return child !== parent.name;
    if (!t.isClassLike(parent)) return false;
    if (t.isConstructorDeclaration(child)) return true;
    if (t.isPropertyDeclaration(child)) return !isStatic(t, child);
    // Without a constructor, a call runs the base class's: the `extends` clause is its call site.
    return t.isHeritageClause(child) && !parent.members.some((m) => t.isConstructorDeclaration(m) && m.body !== undefined);
  }
}
