import type { ChunkedReporter, Reporter } from '../core/finding.js';
import { checkstyleReporter } from './checkstyle-reporter.js';
import { githubReporter } from './github-reporter.js';
import { gitlabReporter } from './gitlab-reporter.js';
import { jsonReporter } from './json-reporter.js';
import { junitReporter } from './junit-reporter.js';
import { sarifReporter } from './sarif-reporter.js';
import { stylishReporter } from './stylish-reporter.js';
import type { FormatName } from './format-names.js';

export { formatNames, isFormatName, type FormatName } from './format-names.js';

const REPORTERS: Readonly<Record<FormatName, ChunkedReporter>> = {
  stylish: stylishReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  junit: junitReporter,
  gitlab: gitlabReporter,
  checkstyle: checkstyleReporter,
};

/** The reporter for a format, giving the whole report as one string. */
export function getReporter(name: FormatName): Reporter {
  const chunks = REPORTERS[name];
  return (result, context) => [...chunks(result, context)].join('');
}

/**
 * The reporter for a format, giving the report in pieces: what the CLI writes, so a report of any
 * number of findings is never one string in memory.
 */
export function getChunkedReporter(name: FormatName): ChunkedReporter {
  return REPORTERS[name];
}
