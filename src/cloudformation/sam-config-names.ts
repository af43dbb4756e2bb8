/**
 * The SAM CLI configuration files, in the order SAM CLI looks for them in a project directory
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html):
 * the names alone, so that the walk can know them without loading the reader (`sam-config.ts`).
 */
export const SAM_CONFIG_NAMES: readonly string[] = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'];
