/**
 * Local values that refer to themselves, which Terraform refuses before it evaluates anything: a
 * local whose expression names itself ("Self-referencing local value", hashicorp/terraform
 * `internal/terraform/node_local.go`, `evaluateLocalValue`), and locals that refer to each other in a
 * cycle (the graph of references is checked for strongly connected components: "Cycle: ...",
 * `internal/dag/dag.go`, `AcyclicGraph.Validate`). Terraform builds its graph from every reference
 * written, whether or not evaluation would reach it (a branch of a conditional not taken counts), and
 * so does this: the references are read from the expressions, not from an evaluation. README,
 * "Terraform evaluation", says how credlint reports it: a `parse-error` at one local of the cycle,
 * every local of it unknown.
 */
import { parseError, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import { referencesInJson } from '../expr/evaluate.js';
import type { LocalDecl, ModuleConfig } from './module-config.js';

/** The locals of one cycle (or the one local that names itself), in the order the message gives them. */
export interface LocalCycle {
  readonly members: readonly string[];
  readonly self: boolean;
}

const CYCLES = new WeakMap<ModuleConfig, ReadonlyMap<string, LocalCycle>>();

/** Each local of the module that is in a cycle, with its cycle; computed once per configuration. */
export function cyclicLocals(config: ModuleConfig): ReadonlyMap<string, LocalCycle> {
  let found = CYCLES.get(config);
  if (found === undefined) {
    found = findCycles(config.locals);
    CYCLES.set(config, found);
  }
  return found;
}

/** One `parse-error` per cycle, at the name of its first local (Terraform's own message names no position for a cycle). */
export function localCycleDiagnostics(config: ModuleConfig): Diagnostic[] {
  const reported = new Set<LocalCycle>();
  const diagnostics: Diagnostic[] = [];
  for (const cycle of cyclicLocals(config).values()) {
    if (reported.has(cycle)) continue;
    reported.add(cycle);
    const first = config.locals.get(cycle.members[0] ?? '');
    if (first === undefined) continue;
    const at = { file: first.file, range: first.attribute?.nameRange ?? FILE_START, logicalPath: `local.${first.name}` };
    diagnostics.push(parseError(at, describeCycle(cycle)));
  }
  const position = (d: Diagnostic) => [d.location.file, d.location.range.start.line, d.location.range.start.column] as const;
  return diagnostics.sort((x, y) => {
    const [fx, lx, cx] = position(x);
    const [fy, ly, cy] = position(y);
    return fx < fy ? -1 : fx > fy ? 1 : lx - ly || cx - cy;
  });
}

export function describeCycle(cycle: LocalCycle): string {
  const [only = ''] = cycle.members;
  if (cycle.self) return `Self-referencing local value: local.${only} cannot use its own result as part of its expression; Terraform refuses it`;
  return `Cycle: ${cycle.members.map((name) => `local.${name}`).join(', ')} refer to each other; Terraform refuses the configuration`;
}

/**
 * Tarjan's strongly connected components, iterative (a configuration may chain thousands of locals).
 * A component of two or more locals is a cycle; a single local is one when it names itself.
 */
function findCycles(locals: ReadonlyMap<string, LocalDecl>): Map<string, LocalCycle> {
  const edges = new Map<string, string[]>();
  for (const [name, decl] of locals) {
    const targets = referencesInJson(decl.value).flatMap((ref) => (ref.kind === 'local' && locals.has(ref.name) ? [ref.name] : []));
    edges.set(name, targets);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found = new Map<string, LocalCycle>();
  let next = 0;
  for (const start of locals.keys()) {
    if (index.has(start)) continue;
    const work: { name: string; edge: number }[] = [{ name: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { name: string; edge: number };
      const targets = edges.get(frame.name) ?? [];
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++] as string;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ name: target, edge: 0 });
        } else if (onStack.has(target)) low.set(frame.name, Math.min(low.get(frame.name) ?? 0, index.get(target) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.name, Math.min(low.get(parent.name) ?? 0, low.get(frame.name) ?? 0));
      if (low.get(frame.name) !== index.get(frame.name)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.name);
      const self = component.length === 1 && (edges.get(frame.name) ?? []).includes(frame.name);
      if (component.length < 2 && !self) continue;
      // The order Terraform starts a cycle's message with: the shortest name, then the first lexically.
      const members = component.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      const cycle = { members, self };
      for (const name of members) found.set(name, cycle);
    }
  }
  return found;
}
