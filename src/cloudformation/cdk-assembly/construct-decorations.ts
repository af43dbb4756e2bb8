import type { ResourceDecoration } from '../resource-decoration.js';
import { CreationSites, firstUserFrame } from './creation-trace.js';
import type { FileReader } from '../../io/file-reader.js';
import type { Assembly, MetadataEntry } from './read-assembly.js';

/** Metadata entry types of the cloud assembly schema (`ArtifactMetadataEntryType`). */
const LOGICAL_ID = 'aws:cdk:logicalId';
const CREATION_STACK = 'aws:cdk:creationStack';

function creationTrace(entries: readonly MetadataEntry[]): readonly string[] | undefined {
  const creation = entries.find((e) => e.type === CREATION_STACK && Array.isArray(e.data));
  if (creation && Array.isArray(creation.data)) return creation.data.filter((f): f is string => typeof f === 'string');
  return entries.find((e) => e.trace !== undefined && e.trace.length > 0)?.trace;
}

/**
 * The construct path of the stack a CDK nested stack resource deploys: aws-cdk-lib's `NestedStack` `<parent>/<id>`
 * creates its resource as `<parent>/<id>.NestedStack/<id>.NestedStackResource` (`nested-stack.ts`).
 */
function nestedStackPath(resourcePath: string): string | undefined {
  const match = /^(.*)\/([^/]+)\.NestedStack\/\2\.NestedStackResource$/.exec(resourcePath);
  return match ? `${match[1] ?? ''}/${match[2] ?? ''}` : undefined;
}

/**
 * Construct path and creation site of each resource, by template file and logical id, and for a nested
 * stack resource the template of its stack (the manifest's `aws:cdk:templateFile` for the nested stack's path). The manifest's
 * metadata is keyed by construct path (`/App/Stack/User/Resource`) and says each resource's logical id;
 * a resource belongs to the deepest stack (or nested stack) whose construct path contains it.
 */
export function constructDecorations(assembly: Assembly, repoRoot: string, reader: FileReader): Map<string, Map<string, ResourceDecoration>> {
  const stackPaths = new Map<string, string>(assembly.templatesByPath);
  for (const stack of assembly.stacks) {
    if (![...stackPaths.values()].includes(stack.templateFile)) stackPaths.set(`/${stack.displayName}`, stack.templateFile);
  }
  const assemblyDirOf = new Map<string, string>([
    ...assembly.stacks.map((s): [string, string] => [s.templateFile, s.assemblyDir]),
    ...assembly.nestedTemplates.map((t): [string, string] => [t.file, t.assemblyDir]),
  ]);
  const byDepth = [...stackPaths.entries()].sort(([a], [b]) => b.length - a.length);
  const decorations = new Map<string, Map<string, ResourceDecoration>>();
  const sites = new CreationSites(repoRoot, reader);

  for (const [metadataPath, entries] of assembly.metadata) {
    const logicalId = entries.find((e) => e.type === LOGICAL_ID && typeof e.data === 'string')?.data;
    if (typeof logicalId !== 'string') continue;
    const owner = byDepth.find(([stackPath]) => metadataPath.startsWith(`${stackPath}/`));
    if (!owner) continue;
    const [, templateFile] = owner;
    const constructPath = metadataPath.replace(/^\//, '');
    const trace = creationTrace(entries);
    const frame = trace ? firstUserFrame(trace) : undefined;
    const createdAt = frame ? sites.locate(frame, assemblyDirOf.get(templateFile) ?? assembly.dir, constructPath) : undefined;
    let forTemplate = decorations.get(templateFile);
    if (!forTemplate) {
      forTemplate = new Map();
      decorations.set(templateFile, forTemplate);
    }
    const nestedPath = nestedStackPath(metadataPath);
    const nestedTemplate = nestedPath === undefined ? undefined : assembly.templatesByPath.get(nestedPath);
    forTemplate.set(logicalId, { constructPath, ...(createdAt ? { createdAt } : {}), ...(nestedTemplate === undefined ? {} : { nestedTemplate }) });
  }
  return decorations;
}
