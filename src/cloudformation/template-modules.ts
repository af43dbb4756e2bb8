import type { Range } from '../core/location.js';
import type { MapEntry, MapNode } from './template-node.js';
import { child, scalarString } from './template-node.js';

/**
 * Modules: resources a template gets from another template fragment, which credlint does not expand
 * (README, "What is analysed"). Whatever a module declares (an IAM user, its login profile, a second
 * access key) is added to the stack before it is created, so each one is named in a note, as a nested
 * stack that is not analysed is:
 * - a CloudFormation registry module, a resource whose type ends in `::MODULE`: CloudFormation adds the
 *   resources of the module version registered in the account when it creates the stack
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/modules.html);
 * - a client-side module of `rain pkg`, written as a `Modules` section entry with a `Source`, or in
 *   Rain's earlier form as a resource typed `!Rain::Module <source>`: the packager replaces it with the
 *   module's resources (https://github.com/aws-cloudformation/rain#modules). The module file itself,
 *   when it is scanned and looks like a template, is analysed as a template of its own.
 */

/** The tag of Rain's earlier module form, kept by the YAML reader as a one-key map (`parse-yaml-template.ts`). */
export const RAIN_MODULE_KEY = 'Rain::Module';

/** How a registry module's type ends (`My::IAM::Users::MODULE`). */
export const REGISTRY_MODULE_SUFFIX = '::MODULE';

/** Why a resource is a module credlint does not expand, for a note at its logical id; undefined for any other resource. */
export function moduleResourceNote(resource: MapEntry): string | undefined {
  const type = child(resource.value, 'Type');
  const typeName = scalarString(type);
  if (typeName?.endsWith(REGISTRY_MODULE_SUFFIX) === true) {
    return `resource ${resource.key}: registry module ${typeName}, whose resources CloudFormation adds when it creates the stack; not analysed`;
  }
  const rainSource = type?.kind === 'map' && type.entries.length === 1 ? type.entries[0] : undefined;
  if (rainSource?.key !== RAIN_MODULE_KEY) return undefined;
  const source = scalarString(rainSource.value);
  return `resource ${resource.key}: Rain module${source === undefined ? '' : ` ${source}`}, which rain pkg replaces with the module's resources; not analysed`;
}

/** The entries of a template's `Modules` section, each with where to note it and what to say. */
export function modulesSectionNotes(root: MapNode): { readonly range: Range; readonly message: string }[] {
  const section = child(root, 'Modules');
  if (section?.kind !== 'map') return [];
  return section.entries.map((module) => {
    const source = scalarString(child(module.value, 'Source'));
    const from = source === undefined ? '' : ` (${source})`;
    return {
      range: module.keyRange,
      message: `Modules: module ${module.key}${from} is replaced by its resources when the template is packaged (rain pkg); they are not analysed`,
    };
  });
}
