/**
 * `.gitignore` matching as git does it (https://git-scm.com/docs/gitignore): each `.gitignore`
 * applies to paths below its own directory, a deeper file overrides a shallower one (including `!`
 * re-includes), and `.git/info/exclude` applies to the whole repository. Patterns themselves are
 * matched by the `ignore` package, after `boundIgnorePatterns` (a pull request writes them).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../core/diagnostic.js';
import { boundIgnorePatterns } from './bounded-ignore-patterns.js';

interface RuleSet {
  /** The directory the patterns are relative to. */
  readonly base: string;
  readonly matcher: Ignore;
}

/** The rules in force in one directory: its own `.gitignore` plus its ancestors'. */
export class GitignoreRules {
  private constructor(
    private readonly sets: readonly RuleSet[],
    /** Where notes on patterns that were not used as written go. */
    private readonly report: (note: Diagnostic) => void = () => {},
  ) {}

  static readonly NONE = new GitignoreRules([]);

  /**
   * `.git/info/exclude` of `repoRoot` plus the `.gitignore` files of the ancestors of `directory`
   * from `repoRoot` down (not `directory`'s own: the walk adds it). Without a repository, none.
   * A path given explicitly is always scanned (SPEC §3), so a rule set that ignores `directory`
   * itself is dropped: otherwise it would ignore everything below the directory too.
   */
  static forAncestorsOf(directory: string, repoRoot: string | undefined, report?: (note: Diagnostic) => void): GitignoreRules {
    let rules = new GitignoreRules([], report);
    if (repoRoot === undefined) return rules;
    rules = rules.withFile(repoRoot, join(repoRoot, '.git', 'info', 'exclude'));
    const chain: string[] = [];
    for (let current = directory; current !== repoRoot && dirname(current) !== current; ) {
      current = dirname(current);
      chain.unshift(current);
      if (current === repoRoot) break;
    }
    for (const dir of chain) rules = rules.withDirectory(dir);
    return new GitignoreRules(rules.sets.filter((set) => !new GitignoreRules([set]).ignores(directory, true)), report);
  }

  /** These rules plus the `.gitignore` of `directory`, if it has one. */
  withDirectory(directory: string): GitignoreRules {
    return this.withFile(directory, join(directory, '.gitignore'));
  }

  private withFile(base: string, file: string): GitignoreRules {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return this;
    }
    const bounded = boundIgnorePatterns(text.split(/\r?\n/), file);
    bounded.notes.forEach((n) => this.report(n));
    return new GitignoreRules([...this.sets, { base, matcher: ignore().add(bounded.patterns) }], this.report);
  }

  /** Whether the entry at `path` (a directory when `isDirectory`) is ignored. */
  ignores(path: string, isDirectory: boolean): boolean {
    for (let k = this.sets.length - 1; k >= 0; k -= 1) {
      const set = this.sets[k] as RuleSet;
      const rel = relative(set.base, path);
      if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`)) continue;
      const posix = sep === '/' ? rel : rel.split(sep).join('/');
      const result = set.matcher.test(isDirectory ? `${posix}/` : posix);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}
