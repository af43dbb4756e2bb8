import * as parserBase from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { rules as credlintRules } from '../../rules/index.js';
import { packageVersion } from '../package-info.js';
import { eslintRule, type CredlintEslintRule } from './eslint-rule.js';

/** The files `recommended` applies to: TypeScript in every module flavour (SPEC §7). */
const TYPESCRIPT_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

const ruleIds = new Set(credlintRules.map((r) => r.meta.id));

/** typescript-eslint's parser, as its own flat configs pass it (`meta` names it for ESLint's config cache). */
const parser: TSESLint.FlatConfig.Parser = { meta: parserBase.meta, parseForESLint: parserBase.parseForESLint };

interface CredlintPlugin {
  readonly meta: { readonly name: 'credlint'; readonly version: string };
  readonly rules: Readonly<Record<string, CredlintEslintRule>>;
  readonly configs: { readonly recommended: TSESLint.FlatConfig.Config };
}

const rules = Object.fromEntries(credlintRules.map((rule) => [rule.meta.id, eslintRule(rule, ruleIds)]));

const configs = {} as { recommended: TSESLint.FlatConfig.Config };
/**
 * The flat-config ESLint plugin `credlint/eslint-plugin` (SPEC §1, §7):
 * `import credlint from 'credlint/eslint-plugin'; export default [credlint.configs.recommended];`.
 * Rule names are `credlint/<id>`.
 */
const plugin: CredlintPlugin = { meta: { name: 'credlint', version: packageVersion() }, rules, configs };

configs.recommended = {
  name: 'credlint/recommended',
  files: TYPESCRIPT_FILES,
  languageOptions: { parser },
  plugins: { credlint: plugin as unknown as TSESLint.FlatConfig.Plugin },
  // Every credlint rule is on at severity error by default (SPEC §2).
  rules: Object.fromEntries(credlintRules.map((rule) => [`credlint/${rule.meta.id}`, 'error'])),
};

export default plugin;
