/**
 * The words of Terraform configuration and plans (`RelevanceWords`, `src/formats/format.ts`): a
 * resource type is a block label, always literal, never computed
 * (https://developer.hashicorp.com/terraform/language/resources/syntax). Module calls, which carry a
 * relevant module's relevance to its callers, are followed by the prefilter (`prefilter.ts`), not
 * found by a word.
 */
import type { RelevanceWords } from '../format.js';

export const TERRAFORM_RESOURCE_WORDS: RelevanceWords['perKind'] = {
  user: ['aws_iam_user'],
  'login-profile': ['aws_iam_user_login_profile'],
  'access-key': ['aws_iam_access_key'],
};

/** Configuration: resource types, and credlint suppressions (`# credlint-ignore`). */
export const TERRAFORM_WORDS: RelevanceWords = { perKind: TERRAFORM_RESOURCE_WORDS, always: ['credlint'] };
