/**
 * `credlint/cdk`: credlint at `cdk synth` (docs/cdk.md). The only entry that needs aws-cdk-lib, an
 * optional peer dependency: the other entries never load it.
 */
export { CredlintPlugin } from './credlint-plugin.js';
export { CredlintChecks } from './credlint-checks.js';
export type { CredlintCdkOptions } from './check-assembly.js';
