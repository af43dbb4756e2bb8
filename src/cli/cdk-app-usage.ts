/** The synopsis of `credlint cdk-app` (README, "Integrations"; docs/cdk.md), shown by `--help` and usage errors. */
export const CDK_APP_USAGE = 'credlint cdk-app [options] -- <app command> [arguments...]';
