/**
 * The input formats credlint models, by id: the formats a rule's metadata says it applies to and the
 * one a deployment unit was loaded from (README "What is analysed").
 */
export type Format = 'terraform' | 'terraform-json' | 'tf-plan' | 'cdktf' | 'cloudformation' | 'cdk-assembly' | 'cdk-source';
