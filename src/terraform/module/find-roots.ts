/**
 * Which scanned directories are root modules. A directory of `.tf`/`.tf.json` files is a module;
 * it is a root unless another scanned directory calls it through a local `source` (then it is analysed
 * as part of its caller, with the caller's inputs, as Terraform would). Nothing under `.terraform/`
 * (where `terraform init` installs modules) is ever a root.
 */
import { dirname, sep } from 'node:path';
import type { ModuleConfig } from './module-config.js';
import { localSourceDir } from './module-tree.js';

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

/** The root directories among `configs`, sorted. */
export function findRootDirs(configs: ReadonlyMap<string, ModuleConfig>): string[] {
  const called = new Set<string>();
  for (const config of configs.values()) {
    for (const call of config.moduleCalls.values()) {
      const target = localSourceDir(call, config.dir);
      if (target !== undefined && target !== config.dir) called.add(target);
    }
  }
  return [...configs.keys()].filter((dir) => !called.has(dir) && !underDotTerraform(dir)).sort();
}
