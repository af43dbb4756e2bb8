/**
 * Which scanned directories are root modules. A directory of `.tf`/`.tf.json` files is a module;
 * it is a root unless another scanned directory calls it through a local `source` (then it is analysed
 * as part of its caller, with the caller's inputs, as Terraform would). Nothing under `.terraform/`
 * (where `terraform init` installs modules) is ever a root.
 */
import { dirname, sep } from 'node:path';
import type { ModuleConfig } from './module-config.js';
import { localSourceDir } from './module-tree.js';
import { appendAll } from '../../core/append-all.js';

export function groupByDirectory(files: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const file of [...files].sort()) {
    const dir = dirname(file);
    const group = groups.get(dir);
    if (group) group.push(file);
    else groups.set(dir, [file]);
  }
  return groups;
}

function underDotTerraform(dir: string): boolean {
  return dir.split(sep).includes('.terraform');
}

/**
 * The root directories among `configs`, sorted. Directories that call each other in a cycle are all
 * called, so none would be a root and their resources would vanish without a word: every scanned
 * directory that no root reaches becomes a root too, the first of each cycle in path order (the tree
 * walk then reports the cycle as a parse-error at the call that closes it).
 */
export function findRootDirs(configs: ReadonlyMap<string, ModuleConfig>, declared: ReadonlySet<string> = new Set()): string[] {
  return rootsOfCallGraph(new Map([...configs.values()].map((config) => [config.dir, localCallTargets(config)])), declared);
}

/** The other directories `config` calls through a local `source`. */
export function localCallTargets(config: ModuleConfig): string[] {
  const targets: string[] = [];
  for (const call of config.moduleCalls.values()) {
    const target = localSourceDir(call, config.dir);
    if (target !== undefined && target !== config.dir) targets.push(target);
  }
  return targets;
}

/**
 * `findRootDirs` on the scanned directories' local call targets (directory → the directories it calls).
 * A directory of `declared` (one that says it is where `terraform init` runs) is a root whether or not
 * it is called: a call from elsewhere must not take its place.
 */
export function rootsOfCallGraph(callees: ReadonlyMap<string, readonly string[]>, declared: ReadonlySet<string> = new Set()): string[] {
  const called = new Set([...callees.values()].flat());
  const candidates = [...callees.keys()].filter((dir) => !underDotTerraform(dir)).sort();
  const roots = candidates.filter((dir) => !called.has(dir) || declared.has(dir));
  const reached = new Set<string>();
  const reach = (start: string): void => {
    const stack = [start];
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      if (reached.has(dir)) continue;
      reached.add(dir);
      appendAll(stack, callees.get(dir) ?? []);
    }
  };
  roots.forEach(reach);
  // Installed modules are never roots, but what they call is part of their caller's tree.
  [...callees.keys()].filter(underDotTerraform).forEach(reach);
  for (const dir of candidates) {
    if (reached.has(dir)) continue;
    roots.push(dir);
    reach(dir);
  }
  return roots.sort();
}
