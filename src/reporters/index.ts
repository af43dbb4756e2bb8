import type { Reporter } from '../core/finding.js';
import { githubReporter } from './github-reporter.js';
import { jsonReporter } from './json-reporter.js';
import { sarifReporter } from './sarif-reporter.js';
import { stylishReporter } from './stylish-reporter.js';
import type { FormatName } from './format-names.js';

export { formatNames, isFormatName, type FormatName } from './format-names.js';

const REPORTERS: Readonly<Record<FormatName, Reporter>> = {
  stylish: stylishReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
};


export function getReporter(name: FormatName): Reporter {
  return REPORTERS[name];
}
