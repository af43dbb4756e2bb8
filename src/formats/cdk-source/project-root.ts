import path from 'node:path';

const PROJECT_MARKERS = ['cdk.json', 'tsconfig.json', 'package.json'] as const;

/**
 * Finds the directory a CDK TypeScript file's project is rooted at (README, "What is analysed": the `.ts` files of an
 * app are analysed as one project): the nearest ancestor directory holding `cdk.json` (the CDK CLI's
 * app configuration, https://docs.aws.amazon.com/cdk/v2/guide/cli.html), else the nearest holding
 * `tsconfig.json`, else `package.json`. The search never goes above `stopAt` (the repository root);
 * without any marker the project is `fallback`. One instance per scan: it remembers which directories
 * hold markers.
 */
export class ProjectRoots {
  private readonly exists = new Map<string, boolean>();
  private readonly boundary: string;

  /**
   * @param present whether a marker file is there; the scan's reader answers without looking outside
   * the repository (`FileReader.exists`): a `cdk.json` linked to a file elsewhere made the project's
   * root, printed in every unit id, tell whether that file existed on the CI machine.
   */
  constructor(
    stopAt: string,
    private readonly present: (file: string) => boolean,
  ) {
    this.boundary = path.resolve(stopAt);
  }

  rootOf(file: string, fallback: string): string {
    const start = path.dirname(path.resolve(file));
    const inside = start === this.boundary || start.startsWith(this.boundary.endsWith(path.sep) ? this.boundary : this.boundary + path.sep);
    for (const marker of PROJECT_MARKERS) {
      for (let dir = start; ; dir = path.dirname(dir)) {
        if (this.holds(dir, marker)) return dir;
        if (dir === this.boundary || !inside || path.dirname(dir) === dir) break;
      }
    }
    return fallback;
  }

  private holds(dir: string, marker: string): boolean {
    const file = path.join(dir, marker);
    let found = this.exists.get(file);
    if (found === undefined) {
      found = this.present(file);
      this.exists.set(file, found);
    }
    return found;
  }
}

/**
 * A TypeScript source file credlint may analyse: `.ts`, and the `.mts`/`.cts` module kinds and `.tsx`
 * that TypeScript compiles too (and that the ESLint plugin's recommended config lints); not a
 * declaration file (`.d.ts`, `.d.mts`, `.d.cts`), which creates no constructs.
 */
export function isTypeScriptSource(file: string): boolean {
  return /\.(?:ts|mts|cts|tsx)$/.test(file) && !/\.d\.(?:ts|mts|cts)$/.test(file);
}
