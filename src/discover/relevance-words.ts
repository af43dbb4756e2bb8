/**
 * The words that make an input worth parsing (the relevance prefilter, SPEC §8), tested on raw text.
 *
 * Every rule reports an access key: a console user *with an access key*, a user with more than one
 * active *key*, a *key* of the root user. A deployment unit that declares no access key therefore
 * cannot produce a rule finding, however many users and login profiles it has. The one other thing
 * a unit can report is about credlint's own suppressions (`invalid-suppression`, `unused-suppression`),
 * which are written with the word `credlint` (`# credlint-ignore ...`, CloudFormation
 * `Metadata: { credlint: ... }`). So the seeds of relevance are:
 * - Terraform: the resource type `aws_iam_access_key` (a block label: literal, never computed);
 * - templates: the type `AWS::IAM::AccessKey`, or a nested stack, whose template may declare one, or
 *   a `Fn::ForEach` loop. A `Type` is read as a literal (CloudFormation allows no intrinsic function
 *   there, and credlint evaluates none: `Fn::Sub` in a `Type` gives no resource), and the only thing
 *   that rewrites a literal is a loop of the AWS::LanguageExtensions transform, whose `${Id}` / `&{Id}`
 *   substitutions can spell any type from its collection (a list, a parameter given on the command
 *   line, a mapping): `Type: AWS::IAM::${Kind}`, `${Service}::AccessKey`, `${T}`. So any loop keeps
 *   its template (`src/cloudformation/expand-for-each.ts`);
 * - both: the word `credlint`.
 * Everything a seed's unit includes is kept with it (see `prefilter.ts`).
 *
 * An escape can spell a word without its letters (`"aws_iam_\u0061ccess_key"` in HCL or JSON, `\x61`
 * in YAML, or a YAML double-quoted line continuation `\` + line break). Letters and `:` can only come
 * from `\u`, `\U` and `\x` escapes (the others give control characters, quotes or slashes), so a text
 * holding a backslash in front of one of those, or of a line break, is searched again with those
 * escapes decoded. Decoding outside string literals only adds text, so it can only keep more.
 */

export const TERRAFORM_SEEDS: readonly string[] = ['aws_iam_access_key', 'credlint'];

export const TEMPLATE_SEEDS: readonly string[] = [
  'AWS::IAM::AccessKey',
  'Fn::ForEach',
  'AWS::CloudFormation::Stack',
  'AWS::Serverless::Application',
  'credlint',
];

/** The template seeds that are nested stacks: they matter only with a template credlint can read (`mayNameLocalTemplate`). */
export const NESTED_STACK_SEEDS: readonly string[] = ['AWS::CloudFormation::Stack', 'AWS::Serverless::Application'];

/**
 * CDK TypeScript source (SPEC §3): a project is a CDK app when a file names `aws-cdk-lib`; it can
 * matter when a file names `AccessKey` (the `AccessKey` and `CfnAccessKey` constructs, whose class
 * names appear in any code that creates a key) or `credlint`.
 */
export const CDK_APP_SEEDS: readonly string[] = ['aws-cdk-lib'];
export const CDK_SOURCE_SEEDS: readonly string[] = ['AccessKey', 'credlint'];

/** Plans are written by Terraform: resource types appear literally. */
export const PLAN_SEEDS: readonly string[] = ['aws_iam_access_key'];

/** The backslash sequences after which a seed might be spelled by escapes. */
export const ESCAPE_MARKERS: readonly string[] = ['\\u', '\\U', '\\x', '\\\n', '\\\r\n'];

const ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|\r?\n[ \t]*)/g;

/** `text` with `\uXXXX`, `\UXXXXXXXX` and `\xXX` escapes replaced by their characters and escaped line breaks (with the next line's indentation) removed. */
export function decodeEscapes(text: string): string {
  return text.replace(ESCAPE, (_match, u?: string, wide?: string, x?: string) => {
    const hex = u ?? wide ?? x;
    if (hex === undefined) return '';
    const codePoint = Number.parseInt(hex, 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
  });
}

export function hasEscapeMarker(text: string): boolean {
  return text.includes('\\') && ESCAPE_MARKERS.some((marker) => text.includes(marker));
}

/** True when `text` holds one of `seeds`, literally or spelled with escapes. */
export function holdsSeed(text: string, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => text.includes(seed))) return true;
  if (!hasEscapeMarker(text)) return false;
  const decoded = decodeEscapes(text);
  return seeds.some((seed) => decoded.includes(seed));
}

/**
 * `holdsSeed` on raw bytes, without decoding the file when it can be avoided: the seeds and escape
 * markers are ASCII, so a byte search gives the answer a search of the decoded text would (a
 * multi-byte or invalid sequence never decodes to ASCII). Only a file holding an escape marker is
 * decoded and searched again.
 */
export function bytesHoldSeed(bytes: Buffer, seeds: readonly string[]): boolean {
  if (seeds.some((seed) => bytes.includes(seed, 0, 'latin1'))) return true;
  if (!bytes.includes(0x5c) || !ESCAPE_MARKERS.some((marker) => bytes.includes(marker, 0, 'latin1'))) return false;
  return holdsSeed(bytes.toString('utf8'), seeds);
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
