import type { MapEntry, MapNode, TemplateNode } from './template-node.js';
import { child, entry, scalarString } from './template-node.js';

/**
 * `Fn::Transform` and the `Transform` section: a macro, or the `AWS::Include` transform, that
 * CloudFormation runs on the template before it creates anything. credlint runs no macro and reads
 * no snippet in S3 (a local one is inserted before the template is analysed: `template-includes.ts`),
 * so what one left in place adds is unknown: resources it adds to `Resources` are named in a note,
 * and a property of a user or access key that it may set is unknown.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-transform.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
 */

/** The transform a `Fn::Transform` argument (or a `Transform` section item) names: `AWS::Include (s3://b/x.yaml)`, `MyMacro`. */
export function describeTransform(node: TemplateNode | undefined): string {
  const name = scalarString(node) ?? scalarString(child(node, 'Name'));
  if (name === undefined) return 'a transform';
  const location = scalarString(child(child(node, 'Parameters'), 'Location'));
  return location === undefined ? name : `${name} (${location})`;
}

/**
 * `!Rain::Include <path>`, which `rain pkg` (and `rain deploy`, which packages first) replaces with the
 * YAML or JSON object the file holds, wherever it is written
 * (https://github.com/aws-cloudformation/rain/blob/main/docs/rain_pkg.md). The YAML reader keeps it as
 * `Fn::Rain::Include` (`parse-yaml-template.ts`). A file of the repository is inserted before the
 * template is analysed (`template-includes.ts`); one left in place (missing, outside, a cycle) inserts
 * what is unknown (a resource, a resource's properties), as what a transform adds is.
 */
export const RAIN_INCLUDE = 'Fn::Rain::Include';

/**
 * The `Fn::Transform` written among the properties of a resource, if any, or the `!Rain::Include` that
 * stands for them (`Properties: !Rain::Include user.yaml`).
 */
export function propertiesTransform(resource: MapEntry): MapEntry | undefined {
  const properties = child(resource.value, 'Properties');
  return entry(properties, 'Fn::Transform') ?? entry(properties, RAIN_INCLUDE);
}

/** What a `propertiesTransform` is, for a message: `Fn::Transform MyMacro`, `!Rain::Include user.yaml, which rain pkg inserts`. */
export function describePropertiesTransform(transform: MapEntry): string {
  if (transform.key !== RAIN_INCLUDE) return `Fn::Transform ${describeTransform(transform.value)}`;
  return `${describeRainInclude(transform.value)}, which rain pkg inserts`;
}

/** `!Rain::Include user.yaml` (the path as written, when it is one). */
export function describeRainInclude(path: TemplateNode): string {
  const written = scalarString(path);
  return written === undefined ? '!Rain::Include' : `!Rain::Include ${written}`;
}

/**
 * The `AWS::Include` transforms of a template's `Transform` section (a name, a map, or a list of
 * them): they insert a snippet at the top level of the template. Of the others, SAM's declares no
 * IAM user or access key, the loops of AWS::LanguageExtensions are expanded (`expand-for-each.ts`),
 * and a macro is not run: README, "What is analysed".
 */
export function topLevelIncludes(root: MapNode): TemplateNode[] {
  const section = child(root, 'Transform');
  const items = section?.kind === 'seq' ? section.items : section ? [section] : [];
  return items.filter((item) => item.kind === 'map' && scalarString(child(item, 'Name')) === 'AWS::Include');
}
