import type { ChunkedReporter } from '../core/finding.js';
import type { FormatName } from './format-names.js';

/**
 * The CLI's reporter for a format, loading only that reporter's module: `--format json` never loads
 * the code-frame library stylish output prints with, and start-up time matters for pre-commit
 * (README, "Performance"). The programmatic API keeps `getReporter` (`./index.ts`).
 */
export async function loadChunkedReporter(name: FormatName): Promise<ChunkedReporter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish-reporter.js')).stylishReporter;
    case 'json':
      return (await import('./json-reporter.js')).jsonReporter;
    case 'sarif':
      return (await import('./sarif-reporter.js')).sarifReporter;
    case 'github':
      return (await import('./github-reporter.js')).githubReporter;
    case 'junit':
      return (await import('./junit-reporter.js')).junitReporter;
    case 'gitlab':
      return (await import('./gitlab-reporter.js')).gitlabReporter;
    case 'checkstyle':
      return (await import('./checkstyle-reporter.js')).checkstyleReporter;
  }
}
