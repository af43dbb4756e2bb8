import type { ESLint, Linter, Rule } from 'eslint';
import { rules as credlintRules } from '../../rules/index.js';
import { requireOptional } from '../core/optional-package.js';
import { packageVersion } from '../core/package-info.js';
import { stackOverflowOffset } from '../core/stack-overflow-offset.js';
import { textPositionAt } from '../cdk-source/source-location.js';
import { eslintRule } from './eslint-rule.js';
import { TYPESCRIPT_FILES } from './typescript-files.js';

const ruleIds = new Set(credlintRules.map((r) => r.meta.id));

/**
 * typescript-eslint's parser, as its own flat configs pass it (`meta` names it for ESLint's config
 * cache). Its return types are typescript-eslint's AST, which ESLint's `Parser` type does not name.
 * An optional peer dependency (users of the plugin have typescript-eslint): when it is missing, loading
 * the plugin fails with a message naming the package to install.
 */
const parserBase = requireOptional('@typescript-eslint/parser');
type ParserOptions = Parameters<typeof parserBase.parseForESLint>[1];

/** A parsing error as ESLint reports it: at `lineNumber` and `column` (1-based), as typescript-eslint's own are. */
class NestingError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * typescript-eslint's parser, which overflows the stack on code nested some thousand levels deep and
 * then says only "Maximum call stack size exceeded", which ESLint puts at no line: that error is
 * replaced by one at the line and column where parsing ran out of stack, found by parsing prefixes of
 * the code (`stack-overflow-offset.ts`) without type information, so that no program is built for them.
 */
function parseForESLint(code: string, options?: ParserOptions): ReturnType<typeof parserBase.parseForESLint> {
  try {
    return parserBase.parseForESLint(code, options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const untyped = { ...options, project: undefined, projectService: false, programs: null };
    const offset = stackOverflowOffset(code, (prefix) => parserBase.parseForESLint(prefix, untyped));
    if (offset === undefined) throw error;
    const at = textPositionAt(code, offset);
    throw new NestingError('the code is nested too deeply for the TypeScript parser', at.line, at.column);
  }
}

const parser = { meta: parserBase.meta, parseForESLint } as Linter.Parser;

export interface CredlintPlugin {
  readonly meta: { readonly name: 'credlint'; readonly version: string; readonly namespace: 'credlint' };
  readonly rules: Readonly<Record<string, Rule.RuleModule>>;
  readonly configs: { readonly recommended: Linter.Config };
}

// Built with typescript-eslint's rule types (what its RuleTester checks); published with ESLint's, so
// that `plugins: { credlint }` and `defineConfig([credlint.configs.recommended])` type-check in a
// user's eslint.config.ts. The two describe the same objects but are not assignable to each other.
const rules = Object.fromEntries(credlintRules.map((rule) => [rule.meta.id, eslintRule(rule, ruleIds) as unknown as Rule.RuleModule]));

// Filled in below: `recommended` names the plugin itself.
const configs = {} as { recommended: Linter.Config };

/**
 * The flat-config ESLint plugin `credlint/eslint-plugin` (docs/eslint-plugin.md):
 * `import credlint from 'credlint/eslint-plugin'; export default [credlint.configs.recommended];`.
 * Rule names are `credlint/<id>`.
 */
// `namespace`, the prefix of its rule names (ESLint's "Meta Data in Plugins"): `defineConfig`'s
// `extends: ['cl/recommended']` renames `recommended`'s rules to `cl/…` for a plugin registered as
// `plugins: { cl: credlint }`, so that `cl/…` rules set later apply to them.
const plugin: CredlintPlugin = { meta: { name: 'credlint', version: packageVersion(), namespace: 'credlint' }, rules, configs };

configs.recommended = {
  name: 'credlint/recommended',
  files: TYPESCRIPT_FILES,
  languageOptions: { parser },
  plugins: { credlint: plugin satisfies ESLint.Plugin },
  // Every credlint rule is on at severity error by default (README, "Rules").
  rules: Object.fromEntries(credlintRules.map((rule) => [`credlint/${rule.meta.id}`, 'error'])),
};

export default plugin;
