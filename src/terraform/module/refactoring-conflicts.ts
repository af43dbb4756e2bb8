/**
 * `removed` and `moved` blocks whose `from` is still declared, which Terraform refuses: the plan fails
 * with "Removed resource still exists" or "Removed module still exists" (a `removed` block naming a
 * resource or module call the configuration still declares, whatever its count,
 * https://developer.hashicorp.com/terraform/language/block/removed), and with "Moved object still
 * exists" (a `moved` block whose `from` is a resource or module call still declared, whatever its
 * count unless the move is to an instance of it, below, https://developer.hashicorp.com/terraform/language/block/moved). Each is a `parse-error`
 * where Terraform reports it (the resource or call for a `removed` block, the `moved` block itself),
 * and the object named stays in doubt: its author must delete either the block or the object, so
 * the object may not exist (README, "What is analysed"). A `from` naming one instance (`aws_iam_access_key.k[1]`,
 * `module.keys["a"]`) is refused only where that instance exists ("Moved object still exists ... that
 * resource instance is still declared"), which each module instance's expansion decides
 * (`instanceMoveConflict`, asked by `module-instance.ts`). A `from` without a key moved to an instance
 * (`from = aws_iam_access_key.k`, `to = aws_iam_access_key.k[0]`) names the keyless instance, as
 * Terraform unifies the two ends to instances (hashicorp/terraform `internal/addrs/move_endpoint.go`,
 * `UnifyMoveEndpoints`): the documented move for adding `count` or `for_each` to a resource or call,
 * refused only where the block has neither, since only then is its keyless instance declared.
 */
import { parseError, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import type { ModuleConfig, MovedDecl } from './module-config.js';
import { instanceKeySuffix, type Expansion, expansionInstances } from './expand-instances.js';

type ModuleChild = { readonly tree: ModuleTree } | { readonly unavailable: string };

/** A module of the tree the blocks are checked in (`module-tree.ts`'s `ModuleTree`, which calls this). */
interface ModuleTree {
  readonly config: ModuleConfig;
  readonly children: ReadonlyMap<string, ModuleChild>;
  readonly refused: Map<string, string>;
}

/** A `from` address: the module calls leading to it, and a resource (`type.name`) or, without one, the last call. */
interface Target {
  readonly calls: readonly string[];
  readonly resource: string | undefined;
}

/** The object a `from` names without an instance key (`module.a.aws_iam_user.x`, `module.a`), else undefined. */
function parseTarget(from: string): Target | undefined {
  if (!/^[\w.-]+$/.test(from)) return undefined;
  const parts = from.split('.');
  const calls: string[] = [];
  let at = 0;
  while (parts[at] === 'module' && parts[at + 1] !== undefined) {
    calls.push(parts[at + 1] as string);
    at += 2;
  }
  if (at === parts.length) return calls.length > 0 ? { calls, resource: undefined } : undefined;
  return parts.length === at + 2 && parts[at] !== 'data' && parts[at] !== 'module' ? { calls, resource: `${parts[at]}.${parts[at + 1]}` } : undefined;
}

/** The module the calls lead to from `tree`, when credlint reads it. */
function descendant(tree: ModuleTree, calls: readonly string[]): ModuleTree | undefined {
  let node: ModuleTree | undefined = tree;
  for (const name of calls) {
    const child: ModuleChild | undefined = node?.children.get(name);
    node = child !== undefined && 'tree' in child ? child.tree : undefined;
  }
  return node;
}

/**
 * The `parse-error` of each `removed` and `moved` block of `tree`'s module whose `from` is still
 * declared; the object named is added to `refused` of the module that declares it (`module.<call>`
 * for a call, the resource address for a resource), with why it may not exist.
 */
export function refactoringConflicts(tree: ModuleTree): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const statements = [
    ...tree.config.removed.map((decl) => ({ decl, kind: 'removed' as const })),
    ...tree.config.moved.map((decl) => ({ decl, kind: 'moved' as const })),
  ];
  for (const { decl, kind } of statements) {
    const target = decl.from === undefined ? undefined : parseTarget(decl.from);
    if (target === undefined) continue;
    const resource = target.resource;
    const owner = descendant(tree, resource === undefined ? target.calls.slice(0, -1) : target.calls);
    const call = resource === undefined ? owner?.config.moduleCalls.get(target.calls[target.calls.length - 1] ?? '') : undefined;
    const declared = resource === undefined ? call : owner?.config.resources.get(resource);
    if (owner === undefined || declared === undefined) continue;
    const toInstance = kind === 'moved' && movesToInstance(decl);
    if (toInstance && (Object.hasOwn(declared.body, 'count') || Object.hasOwn(declared.body, 'for_each'))) continue;
    const what = `${resource === undefined ? 'module call' : 'resource'}${toInstance ? ' instance' : ''}`;
    const local = resource ?? `module.${call?.name ?? ''}`;
    const reason =
      kind === 'removed'
        ? `a removed block declares that ${decl.from} was removed, but it is still declared; Terraform refuses the configuration`
        : `a moved block declares a move from ${decl.from}, but that ${what} is still declared; Terraform refuses the configuration`;
    if (!owner.refused.has(local)) owner.refused.set(local, reason);
    // Terraform reports a removed block at the object still declared, a moved block at itself.
    const at =
      kind === 'removed'
        ? { file: declared.file, range: declared.block?.headerRange ?? FILE_START, logicalPath: local }
        : { file: decl.file, range: decl.block?.headerRange ?? FILE_START, logicalPath: `moved.${decl.from ?? ''}` };
    const summary = kind === 'removed' ? `Removed ${resource === undefined ? 'module' : 'resource'} still exists` : 'Moved object still exists';
    diagnostics.push(parseError(at, `${summary}: ${reason} (what it names is undecided)`));
  }
  return diagnostics;
}

/** `[0]` or `["a"]` at the end of a `from` address, as Terraform writes the instance key (`instanceKeySuffix`). */
const INSTANCE_KEY = /^([\w.-]+)\[(\d+|"(?:[^"\\]|\\.)*")\]$/;

/** Whether a `moved` block's `to` ends with an instance key (`aws_iam_access_key.k[0]`, `module.keys["a"]`). */
function movesToInstance(decl: MovedDecl): boolean {
  return decl.to !== undefined && /\]\s*$/.test(decl.to);
}

/**
 * The `parse-error` and reason of the first `moved` block of `config` whose `from` is an instance of
 * `address` (`aws_iam_access_key.k`, `module.keys`, in this module) that `expansion` makes, else undefined.
 * Of a `for_each` partly filtered (`partial-collection.ts`), the instances of certain entries are made in
 * every plan, so a move from one of them is refused in every plan; one from an uncertain entry only
 * where that entry is kept, whose instance is already in doubt.
 */
export function instanceMoveConflict(
  config: ModuleConfig,
  address: string,
  expansion: Expansion,
): { decl: MovedDecl; reason: string; diagnostic: Diagnostic } | undefined {
  const instances =
    expansion.kind === 'count' || expansion.kind === 'for_each'
      ? expansionInstances(expansion)
      : expansion.kind === 'unknown'
        ? expansion.partial?.filter((instance) => instance.certain)
        : undefined;
  if (instances === undefined || instances.length === 0) return undefined;
  for (const decl of config.moved) {
    const match = decl.from === undefined ? null : INSTANCE_KEY.exec(decl.from);
    if (match?.[1] !== address || match[2] === undefined) continue;
    let key: string | number;
    try {
      key = JSON.parse(match[2]) as string | number;
    } catch {
      continue;
    }
    const suffix = instanceKeySuffix(key);
    if (!instances.some((instance) => instance.keySuffix === suffix)) continue;
    const what = address.startsWith('module.') ? 'module call instance' : 'resource instance';
    const reason = `a moved block declares a move from ${decl.from ?? ''}, but that ${what} is still declared; Terraform refuses the configuration`;
    const at = { file: decl.file, range: decl.block?.headerRange ?? FILE_START, logicalPath: `moved.${decl.from ?? ''}` };
    return { decl, reason, diagnostic: parseError(at, `Moved object still exists: ${reason} (what it names is undecided)`) };
  }
  return undefined;
}
