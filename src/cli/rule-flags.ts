import { didYouMean } from '../core/did-you-mean.js';
import { LEVEL_WORDS, ruleLevel, type RuleLevel } from '../config/rule-level.js';
import { UsageError } from './usage-error.js';

/**
 * `--rule '<id>: <level>'` (ESLint's `--rule` shape; the level only, options come from the
 * configuration), later flags over earlier ones. An unknown id or level is a usage error that
 * names the nearest rule id or the levels.
 */
export function parseRuleFlags(flags: readonly string[], ruleIds: readonly string[]): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  for (const flag of flags) {
    if (flag.trim().startsWith('{')) throw new UsageError(`--rule takes one rule per flag, not an object: ${asFlags(flag)}`);
    const colon = flag.indexOf(':');
    if (colon <= 0) throw new UsageError(`--rule expects '<rule-id>: <level>', got "${flag}"`);
    const id = flag.slice(0, colon).trim();
    const written = flag.slice(colon + 1).trim();
    if (!ruleIds.includes(id)) {
      const suggestion = didYouMean(id, ruleIds);
      throw new UsageError(
        `--rule: unknown rule "${id}"${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`} (credlint --list-rules lists them)`,
      );
    }
    const level = ruleLevel(written);
    if (level === undefined) throw new UsageError(`--rule ${id}: the level must be one of ${LEVEL_WORDS}, got "${written}"`);
    levels[id] = level;
  }
  return levels;
}

/**
 * ESLint's `--rule` also reads an object (`--rule '{"quotes": "off"}'`); credlint's reads one rule per
 * flag. The object's `id: level` pairs, written as the flags that would do the same.
 */
function asFlags(object: string): string {
  const pairs = [...object.matchAll(/"?([A-Za-z0-9-]+)"?\s*:\s*"?([A-Za-z0-9]+)"?/g)].map((m) => `--rule '${m[1] ?? ''}: ${m[2] ?? ''}'`);
  return pairs.length > 0 ? pairs.join(' ') : "--rule '<rule-id>: <level>'";
}
