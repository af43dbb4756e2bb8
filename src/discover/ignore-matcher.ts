/**
 * The `ignore` package (gitignore pattern matching), loaded on first use: most scans meet no
 * `.gitignore` and no configured `ignore` patterns, and a one-file pre-commit run should not pay for
 * loading it (README, "Performance").
 */
import { requireWithCodeCache } from '../core/code-cache.js';
import type { Ignore, Options } from 'ignore';

type IgnoreFactory = (options?: Options) => Ignore;
let factory: IgnoreFactory | undefined;

/** A new, empty matcher from the `ignore` package. */
export function ignoreMatcher(options?: Options): Ignore {
  factory ??= requireWithCodeCache('ignore') as IgnoreFactory;
  return factory(options);
}
