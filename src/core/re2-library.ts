import type { RE2JS } from 're2js';
import { ownRequire } from './own-module.cjs';

let loaded: typeof RE2JS | undefined;

/**
 * re2js's `RE2JS`, loaded on first use: most scans never run a pattern (README, "Performance").
 * Every pattern from the input runs on it, never on JavaScript's backtracking engine: RE2 matches in
 * time linear in the input (Terraform's `regex` functions and variable validations, CloudFormation's
 * `AllowedPattern`).
 */
export function re2Library(): typeof RE2JS {
  loaded ??= (ownRequire('re2js') as typeof import('re2js')).RE2JS;
  return loaded;
}
