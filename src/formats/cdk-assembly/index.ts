/**
 * CDK cloud assemblies (`cdk synth` output, e.g. `cdk.out`): a directory holding a `manifest.json`
 * with `version` and `artifacts`
 * (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/cloud-assembly-schema). It claims what
 * `cdk synth` writes in its directory first (`ownedBy`), so its templates are not read again as plain CloudFormation. One unit per
 * app; the prefilter runs in the loader, on the app's templates together. A file of an assembly given
 * alone (pre-commit passes a changed template) stands for the whole assembly (`assemblyOf`).
 */
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { TEMPLATE_WORDS } from '../cloudformation/template-words.js';
import type { FileReader } from '../../io/file-reader.js';
import type { InputFormat } from '../format.js';
import { parseJsonText } from '../../core/json-tree.js';

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Whether a file is part of the assembly in `dir`: what `cdk synth` writes there, the JSON files of
 * its top level (manifest, templates, asset manifests, tree), and everything in its `asset.*`
 * directories (staged assets) and `assembly-*` directories (the assemblies of Stages). Nothing else
 * is CDK output: a manifest.json committed in a project's root (found in aws-samples/serverless-patterns)
 * must not take the templates, Terraform or CDK code of the project beside and below it.
 */
function ownedBy(file: string, dir: string): boolean {
  if (!isInside(file, dir)) return false;
  const [first, ...rest] = path.relative(dir, file).split(path.sep);
  if (first === undefined) return false;
  return rest.length === 0 ? first.endsWith('.json') : first.startsWith('asset.') || first.startsWith('assembly-');
}

/**
 * The outermost cloud assembly a file belongs to (`ownedBy`), looked for from the file's directory up
 * to its repository's root (never above it): a Stage's template in `cdk.out/assembly-Prod/` belongs to
 * `cdk.out`, whose manifest lists that Stage's assembly, and a nested stack's template is deployed
 * only through its parent's. Read alone, such a template was plain CloudFormation: its nested stacks
 * (a TemplateURL the CDK computes) unread, the manifest's accounts and the app's other stacks unseen.
 */
function assemblyOf(file: string, gitRoot: string | undefined, reader: FileReader): string | undefined {
  const top = gitRoot ?? path.dirname(file);
  let found: string | undefined;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (ownedBy(file, dir) && isAssemblyManifest(reader.textIfPresent(path.join(dir, 'manifest.json')) ?? '')) found = dir;
    if (dir === top || !isInside(dir, top)) return found;
  }
}

function isAssemblyManifest(text: string): boolean {
  try {
    const value = parseJsonText(text);
    return typeof value === 'object' && value !== null && 'version' in value && 'artifacts' in value;
  } catch {
    return false;
  }
}

export const cdkAssembly: InputFormat<readonly string[]> = {
  id: 'cdk-assembly',
  label: 'the CDK cloud assemblies',
  modelFormats: ['cdk-assembly'],
  relevance: TEMPLATE_WORDS,
  collects: (name) => name.endsWith('.json'),
  argumentUnit: (file, gitRoot, reader) => {
    const dir = file.endsWith('.json') ? assemblyOf(file, gitRoot, reader) : undefined;
    return dir === undefined ? [] : [{ directory: dir, recursive: true, includes: (listed) => ownedBy(listed, dir) }];
  },
  async claim(files, { options }) {
    const diagnostics: Diagnostic[] = [];
    const assemblies: string[] = [];
    for (const file of files) {
      if (path.basename(file) !== 'manifest.json' || assemblies.some((dir) => ownedBy(file, dir))) continue;
      const read = options.reader.readSource(file);
      // A refused manifest (a symlink out of the repository, a device) is not silently skipped.
      if (!read.ok && read.diagnostic.kind === 'note') diagnostics.push(read.diagnostic);
      if (read.ok && isAssemblyManifest(read.text)) assemblies.push(path.dirname(file));
    }
    const claimed = new Set(files.filter((file) => assemblies.some((dir) => ownedBy(file, dir))));
    return {
      inputs: assemblies.length > 0 ? assemblies : undefined,
      claimed,
      diagnostics,
      filesScanned: [...claimed].filter((file) => file.endsWith('.template.json')).length,
      ...(assemblies[0] === undefined ? {} : { firstFile: path.join(assemblies[0], 'manifest.json') }),
    };
  },
  async load(dirs, options, seeds) {
    return (await import('./load-assemblies.js')).loadCdkAssemblies(dirs, options, seeds);
  },
};
