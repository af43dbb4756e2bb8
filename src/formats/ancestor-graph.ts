/**
 * The reverse graph search of `InputFormat.ancestors` (`format.ts`): which files a changed file's
 * unit reaches up to, read lexically from the repository's walked files.
 */
import { realpathSync } from 'node:fs';

/** Reads are interleaved with a deadline check every this many files (one clock read each). */
export const DEADLINE_CHECK_EVERY = 64;

/**
 * `realpath`, remembered; a path that does not resolve stands for itself. `walked` answers for the
 * directories the walk resolved already (`FileReader.knownRealDirectory`), without a system call:
 * most module sources name a directory of the repository.
 */
export class RealPaths {
  private readonly known = new Map<string, string>();

  constructor(private readonly walked: (path: string) => string | undefined = () => undefined) {}

  of(path: string): string {
    let real = this.known.get(path) ?? this.walked(path);
    if (real === undefined) {
      try {
        real = realpathSync.native(path);
      } catch {
        real = path;
      }
      this.known.set(path, real);
    }
    return real;
  }
}

/** Visits every node reachable from `starts` through `parents` once (cycles end) and returns them, starts excluded. */
export function ancestors(starts: readonly string[], parents: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const found = new Set<string>();
  const pending = [...starts];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const parent of parents.get(node) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      found.add(parent);
      pending.push(parent);
    }
  }
  return found;
}

export function addEdge(parents: Map<string, string[]>, child: string, parent: string): void {
  const list = parents.get(child);
  if (list) list.push(parent);
  else parents.set(child, [parent]);
}
