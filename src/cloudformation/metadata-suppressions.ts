import type { DeclaredSuppression } from '../model/model.js';
import type { MapEntry, TemplateNode } from './template-node.js';
import { child, entry, fileOf, locationOf, scalarString } from './template-node.js';

/**
 * Suppressions written in a resource's metadata (README, "Suppressions"), for templates where comments do not
 * survive (JSON, synthesized templates):
 * `Metadata: { credlint: { ignore: [{ rule: <id>, reason: <text>, until: YYYY-MM-DD }] } }`.
 * `rule` may also be a list or a comma-separated string. An entry that is not of this shape is kept
 * with no rules, so the engine reports it as an `invalid-suppression` instead of ignoring it silently.
 */
export function metadataSuppressions(file: string, resource: MapEntry): DeclaredSuppression[] {
  const credlint = entry(child(resource.value, 'Metadata'), 'credlint');
  if (!credlint) return [];
  const ignore = entry(credlint.value, 'ignore');
  const logicalPath = `Resources.${resource.key}.Metadata.credlint.ignore`;
  if (!ignore || ignore.value.kind !== 'seq') {
    const at = ignore ?? credlint;
    return [{ rules: [], reason: undefined, until: undefined, location: locationOf(fileOf(file, at), at.keyRange, logicalPath) }];
  }
  return ignore.value.items.map((item, i) => ({
    rules: rulesOf(child(item, 'rule') ?? child(item, 'rules')),
    reason: nonEmpty(scalarString(child(item, 'reason'))),
    until: scalarString(child(item, 'until')),
    location: locationOf(fileOf(file, item), item.range, `${logicalPath}[${i}]`),
  }));
}

function rulesOf(node: TemplateNode | undefined): string[] {
  if (node?.kind === 'seq') return node.items.map((n) => scalarString(n)?.trim() ?? '');
  const text = scalarString(node);
  return text === undefined ? [] : text.split(',').map((r) => r.trim());
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
