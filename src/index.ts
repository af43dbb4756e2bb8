export { lint, type LintOptions, type RuleSetting } from './engine.js';
export type { Finding, LintResult, Suppression } from './core/finding.js';
export type { SourceLocation, Range, Position } from './core/location.js';
export type { RuleMeta, Severity } from './core/rule-meta.js';
export type { FileDecision, ScanObserver, ScanProgress } from './core/scan-observer.js';
export { rules } from '../rules/index.js';
export { getReporter, formatNames, type FormatName } from './reporters/index.js';
