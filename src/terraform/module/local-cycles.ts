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
import { stronglyConnected } from '../../core/strongly-connected.js';
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
 * The strongly connected parts of the graph of references between locals (`core/strongly-connected.ts`).
 * A part of two or more locals is a cycle; a single local is one when it names itself.
 */
function findCycles(locals: ReadonlyMap<string, LocalDecl>): Map<string, LocalCycle> {
  const edges = new Map<string, string[]>();
  for (const [name, decl] of locals) {
    const targets = referencesInJson(decl.value).flatMap((ref) => (ref.kind === 'local' && locals.has(ref.name) ? [ref.name] : []));
    edges.set(name, targets);
  }
  const found = new Map<string, LocalCycle>();
  for (const component of stronglyConnected(locals.keys(), (name) => edges.get(name) ?? []).components) {
    const [only = ''] = component;
    const self = component.length === 1 && (edges.get(only) ?? []).includes(only);
    if (component.length < 2 && !self) continue;
    // The order Terraform starts a cycle's message with: the shortest name, then the first lexically.
    const members = component.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const cycle = { members, self };
    for (const name of members) found.set(name, cycle);
  }
  return found;
}
