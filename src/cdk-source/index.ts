export { buildCdkSourceUnit, type CdkSourceInput, type CdkSourceResult } from './build-cdk-source-unit.js';
export { resolveRelativeImport } from './resolve-relative-import.js';
