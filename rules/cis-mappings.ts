import type { FrameworkMapping } from '../src/core/rule-meta.js';

/** Control numbers per CIS AWS Foundations Benchmark version, as the README's "Rules" section lists them. */
export function cisMappings(controls: readonly (readonly [versions: string, control: string])[]): FrameworkMapping[] {
  return controls.map(([versions, control]) => ({ framework: 'CIS AWS Foundations Benchmark', versions, control }));
}

export const CIS_BENCHMARK_URL = 'https://www.cisecurity.org/benchmark/amazon_web_services';
