/**
 * The words that make a CloudFormation/SAM template relevant (`RelevanceWords`, `src/formats/format.ts`).
 *
 * A `Type` is read as a literal (CloudFormation allows no intrinsic function there, and credlint
 * evaluates none: `Fn::Sub` in a `Type` gives no resource), so a template that declares a resource
 * of a kind names its type. The only thing that rewrites a literal is a loop of the
 * AWS::LanguageExtensions transform, whose `${Id}` / `&{Id}` substitutions can spell any type from
 * its collection (a list, a parameter given on the command line, a mapping): `Type: AWS::IAM::${Kind}`,
 * `${Service}::AccessKey`, `${T}`. So any loop keeps its template (`src/cloudformation/expand-for-each.ts`).
 * A nested stack's template may declare anything: it keeps its parent when credlint can read it
 * (`mayNameLocalTemplate`). A credlint suppression is written `Metadata: { credlint: ... }`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
 */
import type { RelevanceWords } from '../format.js';
import { decodeEscapes, hasEscapeMarker, holdsSeed } from '../../core/seed-text.js';

/** The resource types that nest a template (SAM: an application). */
export const NESTED_STACK_WORDS: readonly string[] = ['AWS::CloudFormation::Stack', 'AWS::Serverless::Application'];

export const TEMPLATE_WORDS: RelevanceWords = {
  perKind: {
    user: ['AWS::IAM::User'],
    // A login profile is the `LoginProfile` property of an `AWS::IAM::User`.
    'login-profile': ['AWS::IAM::User'],
    'access-key': ['AWS::IAM::AccessKey'],
  },
  always: ['Fn::ForEach', ...NESTED_STACK_WORDS, 'credlint'],
};

/**
 * A template can matter only if it holds one of `seeds` (this format's seed words for the scan), and
 * one other than a nested stack unless that nested stack's template is one credlint can read.
 */
export function templateMayHoldCredentials(text: string, seeds: readonly string[]): boolean {
  if (!holdsSeed(text, seeds)) return false;
  return holdsSeed(text, directSeeds(seeds)) || mayNameLocalTemplate(text);
}

const direct = new WeakMap<readonly string[], readonly string[]>();

/** The seeds that matter by themselves (not nested stacks), computed once per seed list. */
function directSeeds(seeds: readonly string[]): readonly string[] {
  let found = direct.get(seeds);
  if (found === undefined) {
    found = seeds.filter((seed) => !NESTED_STACK_WORDS.includes(seed));
    direct.set(seeds, found);
  }
  return found;
}

/** A nested stack's template property, and the start of its value. */
const TEMPLATE_PROPERTY = /(?:TemplateURL|Location)["']?\s*:\s*/g;

/**
 * Values that are certainly not a local file: a URL, an intrinsic function (`!Sub`, `Fn::`, `Ref`),
 * a map (flow, or a block map's first key, as SAM's `ApplicationId:`) or a list.
 */
const REMOTE_VALUE = /^(?:["']?(?:https?|s3):\/\/|[!{[]|["']?(?:Fn::|Ref["']?\s*:)|[A-Za-z_][\w-]*["']?[ \t]*:(?:\s|$))/i;

/**
 * Whether a template with nested stacks may name a nested template that credlint reads: only a
 * literal relative path in `TemplateURL` (SAM: `Location`), or a CDK `aws:asset:path`, is followed
 * (`src/cloudformation/nested-template-path.ts`); a URL, an intrinsic function or a SAR application
 * is not analysed, so a template whose only seeds are such nested stacks cannot produce a finding.
 * Every occurrence of either property name is checked (other resources have a `Location` too, which
 * only keeps more), and a value the patterns cannot classify (a YAML block scalar, an alias, a value
 * on the next line) counts as local. Escapes are decoded first (see above).
 */
export function mayNameLocalTemplate(raw: string): boolean {
  const text = hasEscapeMarker(raw) ? decodeEscapes(raw) : raw;
  if (text.includes('aws:asset:path')) return true;
  for (const match of text.matchAll(TEMPLATE_PROPERTY)) {
    const value = text.slice(match.index + match[0].length, match.index + match[0].length + 16);
    if (!REMOTE_VALUE.test(value)) return true;
  }
  return false;
}
