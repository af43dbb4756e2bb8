/**
 * The words that make a CloudFormation/SAM template relevant (`RelevanceWords`, `src/formats/format.ts`).
 *
 * A `Type` is read as a literal (CloudFormation allows no intrinsic function there, and credlint
 * evaluates none: `Fn::Sub` in a `Type` gives no resource), so a template that declares a resource
 * of a kind names its type. The only thing that rewrites a literal is a loop of the
 * AWS::LanguageExtensions transform, whose `${Id}` / `&{Id}` substitutions can spell any type from
 * its collection (a list, a parameter given on the command line, a mapping): `Type: AWS::IAM::${Kind}`,
 * `${Service}::AccessKey`, `${T}`. So any loop keeps its template (`src/cloudformation/expand-for-each.ts`).
 * A nested stack's template may declare anything, and one credlint cannot read is noted: it keeps its
 * parent either way (`templateMayHoldCredentials`). So does a stack set, whose type holds the word
 * `AWS::CloudFormation::Stack`: one whose template cannot be read gets a note too. So does a
 * `Fn::Transform` (long or short form) that adds resources, and an `AWS::Include` in the `Transform`
 * section (`src/cloudformation/template-transforms.ts`), and a module: a registry type ending in
 * `::MODULE`, Rain's `!Rain::Module` and a `Modules` section (`src/cloudformation/template-modules.ts`),
 * and Rain's `!Rain::Include`, which may insert a whole resource (`src/cloudformation/template-transforms.ts`).
 * A credlint suppression is written `Metadata: { credlint: ... }`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
 */
import type { RelevanceWords } from '../format.js';
import { holdsSeed } from '../../core/seed-text.js';

/** The resource types that nest a template (SAM: an application). */
export const NESTED_STACK_WORDS: readonly string[] = ['AWS::CloudFormation::Stack', 'AWS::Serverless::Application'];

/**
 * What a JSON or YAML file spells when it may be a template or an `AWS::Include` snippet that changes a
 * finding (a changed file's parents are searched only then, `index.ts`): a snippet of resources names
 * their `AWS::` types; one written in a resource holds `Properties`, `Condition` or `Metadata` (a
 * suppression); in a user's or key's properties `UserName`, `LoginProfile` (`Password` inside it) or
 * `Status`; in `Conditions`, an intrinsic function (`Fn::`, or a short form whose name holds
 * `Condition` or is one of the condition functions). A snippet of `Mappings` alone names none of them
 * (README, "Usage").
 */
export const SNIPPET_WORDS: readonly string[] = [
  'AWS::',
  'Fn::',
  '!Equals',
  '!Not',
  '!And',
  '!Or',
  'Properties',
  'Condition',
  'Metadata',
  'UserName',
  'LoginProfile',
  'Password',
  'Status',
];

export const TEMPLATE_WORDS: RelevanceWords = {
  perKind: {
    user: ['AWS::IAM::User'],
    // A login profile is the `LoginProfile` property of an `AWS::IAM::User`.
    'login-profile': ['AWS::IAM::User'],
    'access-key': ['AWS::IAM::AccessKey'],
  },
  always: [
    'Fn::ForEach',
    ...NESTED_STACK_WORDS,
    'Fn::Transform',
    '!Transform',
    'AWS::Include',
    '::MODULE',
    'Rain::Module',
    'Rain::Include',
    'Modules',
    'credlint',
  ],
};

/**
 * A template can matter only if it holds one of `seeds` (this format's seed words for the scan). A
 * nested stack keeps its template whatever its `TemplateURL` says: a local template may declare
 * anything, and a remote one (a URL, an intrinsic function, a SAR application) gives a "not analysed"
 * note (`src/cloudformation/stack-instance.ts`), which must be the same with and without the prefilter.
 */
export function templateMayHoldCredentials(text: string, seeds: readonly string[]): boolean {
  return holdsSeed(text, seeds);
}
