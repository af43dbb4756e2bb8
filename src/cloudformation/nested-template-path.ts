import path from 'node:path';
import type { MapEntry } from './template-node.js';
import { child, scalarString } from './template-node.js';
import { resourceProperties } from './resource-properties.js';
import { holdsSeed } from '../core/seed-text.js';

const ACCESS_KEY_TYPE = 'AWS::IAM::AccessKey';

/** Resource types whose template is another stack deployed with this one. */
export const NESTED_STACK_TYPES: ReadonlySet<string> = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** How a dynamic reference begins, and what a note says of a template URL holding one. */
const DYNAMIC_REFERENCE = '{{resolve:';
const RESOLVED_AT_DEPLOY = 'a dynamic reference resolved at deploy time';

export type NestedTemplateSource =
  | {
      readonly kind: 'local';
      readonly file: string;
      readonly property: MapEntry | undefined;
      /** The path as the template writes it (`TemplateURL`, `aws:asset:path`); absent for the manifest's. */
      readonly written?: string;
    }
  | { readonly kind: 'remote'; readonly where: string; readonly property: MapEntry | undefined };

/**
 * Where a nested stack's template is, when it is a file beside the parent template:
 * - `AWS::CloudFormation::Stack` `TemplateURL` (and SAM `AWS::Serverless::Application` `Location`) may be
 *   a relative path before `aws cloudformation package` / `sam package` uploads it
 *   (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html);
 * - a CDK nested stack's `TemplateURL` is an S3 URL built from intrinsics, but its `aws:asset:path`
 *   metadata names the template file in the cloud assembly directory, and so does the assembly's manifest
 *   (`assemblyTemplate`, from `construct-decorations.ts`) where the template carries no asset metadata.
 * URLs (`https://`, `s3://`), SAR applications, dynamic references and computed values are remote: not analysed.
 */
export function nestedTemplateSource(file: string, resource: MapEntry, assemblyTemplate?: string): NestedTemplateSource | undefined {
  const type = scalarString(child(resource.value, 'Type'));
  if (type === undefined || !NESTED_STACK_TYPES.has(type)) return undefined;
  const properties = resourceProperties(resource);
  const propertyName = type === 'AWS::CloudFormation::Stack' ? 'TemplateURL' : 'Location';
  const property = properties?.kind === 'map' ? properties.entries.find((e) => e.key === propertyName) : undefined;
  const metadata = child(resource.value, 'Metadata');
  const assetPath = scalarString(child(metadata, 'aws:asset:path'));
  if (assetPath !== undefined && scalarString(child(metadata, 'aws:asset:property')) === propertyName) {
    return { kind: 'local', file: path.resolve(path.dirname(file), assetPath), property, written: assetPath };
  }
  if (assemblyTemplate !== undefined) return { kind: 'local', file: assemblyTemplate, property };
  const written = property ? scalarString(property.value) : undefined;
  const applicationId = scalarString(child(property?.value, 'ApplicationId'));
  if (applicationId !== undefined) return { kind: 'remote', where: `Serverless Application Repository application ${applicationId}`, property };
  if (written === undefined) {
    return { kind: 'remote', where: property ? `a computed ${propertyName}` : `no ${propertyName}`, property };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) return { kind: 'remote', where: written, property };
  // A dynamic reference (`{{resolve:ssm:/pipeline/template-url}}`) is replaced by CloudFormation when it
  // deploys the stack: the text is no path. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
  if (written.includes(DYNAMIC_REFERENCE)) return { kind: 'remote', where: `${written}, ${RESOLVED_AT_DEPLOY}`, property };
  return { kind: 'local', file: path.resolve(path.dirname(file), written), property, written };
}

/**
 * Why the template of an `AWS::CloudFormation::StackSet` is not analysed, when it may declare an access
 * key. A stack set deploys its template as stack instances of their own, in the accounts and Regions
 * it targets (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stackset.html),
 * so the template is never part of this stack's deployment unit. A `TemplateURL` naming a local file is
 * a template like any other, analysed as its own unit where it is scanned, and so is an inline
 * `TemplateBody` string of a scanned template (`inline-stack-set-template.ts`, which then skips this note);
 * one that is not analysed (it does not parse, or a nested stack's template writes it) is noted when it
 * names `AWS::IAM::AccessKey`, the type every rule reports; a URL or a computed value cannot be read.
 */
export function unreadStackSetTemplate(resource: MapEntry): { readonly where: string; readonly property: MapEntry } | undefined {
  if (scalarString(child(resource.value, 'Type')) !== 'AWS::CloudFormation::StackSet') return undefined;
  const properties = resourceProperties(resource);
  const entries = properties?.kind === 'map' ? properties.entries : [];
  const body = entries.find((e) => e.key === 'TemplateBody');
  if (body) {
    const text = scalarString(body.value);
    if (text === undefined) return { where: 'a computed TemplateBody', property: body };
    // The body is a template of its own, whose parser decodes its own escapes (`\u004b` in JSON,
    // `\x4b` in YAML): an access key spelled with them was not noted at all.
    return holdsSeed(text, [ACCESS_KEY_TYPE]) ? { where: 'written inline in TemplateBody', property: body } : undefined;
  }
  const url = entries.find((e) => e.key === 'TemplateURL');
  if (!url) return undefined;
  const written = scalarString(url.value);
  if (written === undefined) return { where: 'a computed TemplateURL', property: url };
  if (written.includes(DYNAMIC_REFERENCE)) return { where: `${written}, ${RESOLVED_AT_DEPLOY}`, property: url };
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(written) ? { where: written, property: url } : undefined;
}
