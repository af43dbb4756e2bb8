import type { Reporter } from '../core/finding.js';
import { githubReporter } from './github-reporter.js';
import { jsonReporter } from './json-reporter.js';
import { sarifReporter } from './sarif-reporter.js';
import { stylishReporter } from './stylish-reporter.js';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github';

const REPORTERS: Readonly<Record<FormatName, Reporter>> = {
  stylish: stylishReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
};

/** The values `--format` accepts; `stylish` (the default) first. */
export const formatNames: readonly FormatName[] = ['stylish', 'json', 'sarif', 'github'];

export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value);
}

export function getReporter(name: FormatName): Reporter {
  return REPORTERS[name];
}
