import { unreadStackSetTemplate } from './nested-template-path.js';
import type { StackInstance } from './stack-instance.js';
import { localIncludeLocation } from './template-includes.js';
import { modulesSectionNotes } from './template-modules.js';
import type { MapEntry, TemplateNode } from './template-node.js';
import { fileOf, intrinsicCall, locationOf } from './template-node.js';
import { describeRainInclude, describeTransform, RAIN_INCLUDE, topLevelIncludes } from './template-transforms.js';

/**
 * Notes the `AWS::Include` transforms of the template's `Transform` section: what they insert is not
 * analysed. A local `Location` there is not even deployed: `aws cloudformation package` uploads those
 * of `Fn::Transform` only (`template-includes.ts`).
 */
export function noteTopLevelIncludes(stack: StackInstance): void {
  for (const include of topLevelIncludes(stack.document.root)) {
    const local = localIncludeLocation(include) !== undefined;
    stack.note(
      locationOf(stack.file, include.range),
      `Transform ${describeTransform(include)}: the snippet it inserts into the template is not analysed${local ? ' (aws cloudformation package uploads the local snippets of Fn::Transform, not of the Transform section, and CloudFormation reads only S3)' : ''}`,
    );
  }
}

/** Notes the entries of the template's `Modules` section: what they add is not analysed (`template-modules.ts`). */
export function noteModulesSection(stack: StackInstance): void {
  for (const module of modulesSectionNotes(stack.document.root)) stack.note(locationOf(stack.file, module.range), module.message);
}

/**
 * A `Fn::Transform` written where a resource goes: as a key of `Resources`, where it adds resources,
 * or as a whole resource, and a resource written as a `!Rain::Include` (`template-transforms.ts`).
 * What it adds is not analysed, and the note says so; true when noted.
 */
export function noteTransformedResource(stack: StackInstance, resource: MapEntry): boolean {
  const at = stack.resourceLocation(resource);
  // A local AWS::Include left in place has its own note already (`template-includes.ts`).
  const noted = (transform: TemplateNode) => stack.document.notedIncludes?.has(transform) === true;
  if (resource.key === 'Fn::Transform') {
    if (!noted(resource.value)) stack.note(at, `Resources: Fn::Transform ${describeTransform(resource.value)} adds resources; they are not analysed`);
    return true;
  }
  const call = intrinsicCall(resource.value);
  if (call?.name === RAIN_INCLUDE) {
    // A file that could not be inserted has its own note already, saying why (`template-includes.ts`).
    if (!noted(call.arg))
      stack.note(at, `resource ${resource.key}: written by ${describeRainInclude(call.arg)}, which rain pkg replaces with the file's content; not analysed`);
    return true;
  }
  if (call?.name !== 'Fn::Transform') return false;
  if (!noted(call.arg)) stack.note(at, `resource ${resource.key}: written by Fn::Transform ${describeTransform(call.arg)}; not analysed`);
  return true;
}

/**
 * Notes a stack set whose template credlint cannot read and that may declare an access key
 * (`unreadStackSetTemplate`), unless its inline template is analysed as a unit of its own.
 */
export function noteStackSet(stack: StackInstance, resource: MapEntry): void {
  if (stack.inlineStackSets?.has(resource.key)) return;
  const unread = unreadStackSetTemplate(resource);
  if (!unread) return;
  stack.note(
    locationOf(fileOf(stack.file, unread.property), unread.property.keyRange),
    `stack set ${resource.key}: its template (${unread.where}) is deployed as stacks of their own, in the accounts the stack set targets; not analysed`,
  );
}
