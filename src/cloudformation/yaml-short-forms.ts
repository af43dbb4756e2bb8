import { RAIN_MODULE_KEY } from './template-modules.js';

/**
 * The short forms CloudFormation YAML accepts, and the long form each stands for.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
};

/**
 * Tags of a packager that rewrites the template before CloudFormation reads it, kept as a one-key map
 * like a short form so that what they stand for is seen: `Type: !Rain::Module ./users.yaml` is a Rain
 * module, not a resource type (`template-modules.ts`).
 */
export const PACKAGER_TAGS: Readonly<Record<string, string>> = { '!Rain::Module': RAIN_MODULE_KEY };

/**
 * The long form a local tag stands for. Besides the short forms above, the YAML readers of the AWS CLI
 * (`aws cloudformation package`) and the SAM CLI read any other `!Name` as `Fn::Name` (`!Length`,
 * `!ToJsonString` of AWS::LanguageExtensions), as cfn-lint does; the value is then that function's,
 * unknown where credlint does not evaluate it, never the tagged value as if untagged.
 */
export function longFormOf(tag: string): string | undefined {
  const known = SHORT_FORMS[tag] ?? PACKAGER_TAGS[tag];
  if (known !== undefined) return known;
  return LOCAL_TAG.test(tag) ? `Fn::${tag.slice(1)}` : undefined;
}

/** A local tag (`!Name`), not a secondary (`!!str`) or verbatim (`!<tag:...>`) one, which the parser resolves to URIs. */
const LOCAL_TAG = /^![A-Za-z][A-Za-z0-9:]*$/;

/**
 * Plain scalars that CloudFormation's YAML 1.1 reads as booleans, where YAML 1.2 reads strings: an
 * unquoted `yes` is `true` (and so the string "true" where a string is needed), a quoted "yes" stays
 * "yes". The pattern is the YAML 1.1 resolver of SnakeYAML and PyYAML, which leaves `y` and `n` strings.
 * https://github.com/aws/aws-cli/pull/5257 (CloudFormation treats unquoted YAML 1.1 booleans as booleans)
 */
export const YAML_11_TRUE = /^(?:yes|Yes|YES|on|On|ON)$/;
export const YAML_11_FALSE = /^(?:no|No|NO|off|Off|OFF)$/;
