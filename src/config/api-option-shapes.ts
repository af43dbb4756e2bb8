import { ConfigError } from './load-config.js';

/**
 * The shapes of `lint()`'s options that JavaScript callers get wrong by following the configuration
 * file: there `vars` is an object (`{ "env": "prod" }`), in the API a list of `[name, value]` pairs
 * (kept in order, as repeated `--var` flags are); `paths` is a list even for one path. Without this
 * check such a call rejected with `TypeError: vars.map is not a function`, not the ConfigError naming
 * the fix that README, "Programmatic API", promises for the options.
 */
type Shape = (value: unknown) => boolean;

const isString: Shape = (value) => typeof value === 'string';
const listOf =
  (item: Shape): Shape =>
  (value) =>
    Array.isArray(value) && value.every(item);
const isPair: Shape = (value) => Array.isArray(value) && value.length === 2 && value.every(isString);
const isStringRecord: Shape = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isString);

const SHAPES: readonly (readonly [option: string, shape: Shape, expected: string])[] = [
  ['paths', listOf(isString), "a list of paths, e.g. paths: ['infra']"],
  [
    'vars',
    listOf(isPair),
    "a list of [name, value] pairs of strings, e.g. vars: [['env', 'prod']] (the configuration file's vars object goes in config: { vars: { env: 'prod' } })",
  ],
  ['varFiles', listOf(isString), "a list of files, e.g. varFiles: ['env/prod.tfvars']"],
  ['parameters', isStringRecord, "an object of strings, e.g. parameters: { Env: 'prod' }"],
  ['ignorePatterns', listOf(isString), "a list of patterns, e.g. ignorePatterns: ['examples/**']"],
];

/** Throws a ConfigError naming the first option of `lint()` whose value does not have its shape. */
export function checkOptionShapes(options: Readonly<Record<string, unknown>>): void {
  for (const [option, shape, expected] of SHAPES) {
    const value = options[option];
    if (value !== undefined && !shape(value)) throw new ConfigError(`invalid "${option}" option: expected ${expected}`);
  }
}
