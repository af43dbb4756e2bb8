/**
 * The words of CDK TypeScript source (`RelevanceWords`, `src/formats/format.ts`). It depends on the
 * ground floor only: the ESLint plugin imports it too.
 */
import { holdsSeed } from '../../core/seed-text.js';
import type { RelevanceWords } from '../format.js';

/**
 * A project is a CDK app when one of its files names the CDK library (docs/eslint-plugin.md):
 * `aws-cdk-lib` (v2, also in Deno's `npm:aws-cdk-lib@2/...`) or a CDK v1 module `@aws-cdk/...`.
 */
export const CDK_APP_WORDS: readonly string[] = ['aws-cdk-lib', '@aws-cdk/'];

/**
 * Construct class names appear in any code that creates the resource: `AccessKey`/`CfnAccessKey`,
 * `User`/`CfnUser` (a user's `password`, or `CfnUser`'s `loginProfile`, is its login profile).
 * A credlint suppression is a `// credlint-ignore` comment.
 */
export const CDK_SOURCE_WORDS: RelevanceWords = {
  perKind: { user: ['User'], 'login-profile': ['User'], 'access-key': ['AccessKey'] },
  always: ['credlint'],
};

/**
 * Whether CDK source text holds one of `words`, literally or spelled with escapes (`holdsSeed`): in an
 * identifier (`new iam.\u0041ccessKey(...)`), a string (an import specifier, a computed member name,
 * `iam['Access\\<line break>Key']`). TypeScript also writes `\u{...}` escapes, which `holdsSeed` does
 * not decode: a text holding one is kept (sound, and rare).
 */
export function cdkTextHolds(text: string, words: readonly string[]): boolean {
  return holdsSeed(text, words) || text.includes('\\u{');
}
