import path from 'node:path';
import type { CredentialResource, DeploymentUnit } from '../../model/model.js';
import type { FileReader } from '../../io/file-reader.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { loadTerraform } from '../terraform/load-terraform.js';
import { parseJsonText } from '../../core/json-tree.js';

/**
 * CDKTF output: `cdktf synth` writes each stack as Terraform JSON to `cdktf.out/stacks/<stack>/cdk.tf.json`
 * (https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth). Each stack directory
 * is a Terraform root module, loaded by the Terraform loader; CDKTF records each resource's construct
 * path in a `"//"` comment property (`"//": { "metadata": { "path": "stack/user", "uniqueId": "user" } }`),
 * which Terraform ignores and credlint attaches to the resource's instances.
 */

/** `cdktf:<stack directory relative to the current directory>`, with `/` separators. */
export function cdktfUnitId(stackDir: string, cwd: string): string {
  return `cdktf:${path.relative(cwd, stackDir).split(path.sep).join('/') || '.'}`;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Construct paths by resource address (`aws_iam_user.ana`), from the `"//"` metadata of each resource block. */
function constructPaths(file: string, reader: FileReader): Map<string, string> {
  const paths = new Map<string, string>();
  const source = reader.readSource(file);
  if (!source.ok) return paths;
  let document: unknown;
  try {
    document = parseJsonText(source.text);
  } catch {
    // The Terraform loader has reported the file as a parse error.
    return paths;
  }
  const pathOf = (block: unknown): string | undefined => {
    const comment = isObject(block) ? block['//'] : undefined;
    const metadata = isObject(comment) ? comment.metadata : undefined;
    return isObject(metadata) && typeof metadata.path === 'string' ? metadata.path : undefined;
  };
  const resources = isObject(document) && isObject(document.resource) ? document.resource : {};
  for (const [type, blocks] of Object.entries(resources)) {
    if (!isObject(blocks)) continue;
    for (const [name, block] of Object.entries(blocks)) {
      const constructPath = pathOf(block);
      if (constructPath !== undefined) paths.set(`${type}.${name}`, constructPath);
    }
  }
  // A `TerraformHclModule` construct is a module block; the resources of the module belong to it.
  const modules = isObject(document) && isObject(document.module) ? document.module : {};
  for (const [name, block] of Object.entries(modules)) {
    const constructPath = pathOf(block);
    if (constructPath !== undefined) paths.set(`module.${name}`, constructPath);
  }
  return paths;
}

/**
 * The block an instance comes from: `aws_iam_access_key.k[0]` → `aws_iam_access_key.k`;
 * `module.team["a"].aws_iam_user.u` → `module.team` (the module construct).
 */
function blockAddress(instanceAddress: string): string {
  const module = /^module\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(instanceAddress);
  if (module) return `module.${module[1]}`;
  const bracket = instanceAddress.indexOf('[');
  return bracket === -1 ? instanceAddress : instanceAddress.slice(0, bracket);
}

function withConstructPath<T extends CredentialResource>(resource: T, paths: ReadonlyMap<string, string>): T {
  const constructPath = paths.get(blockAddress(resource.address));
  return constructPath === undefined ? resource : { ...resource, constructPath };
}

/** Loads `cdktf.out/stacks/*\/cdk.tf.json` files: one unit per stack. Never throws (the Terraform loader does not). */
export async function loadCdktf(files: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const byDir = new Map(files.map((file) => [path.dirname(path.resolve(file)), path.resolve(file)]));
  const units: DeploymentUnit[] = [];
  const emit = options.unitLoaded ?? ((unit: DeploymentUnit) => units.push(unit));
  // Each stack's unit is relabelled as the Terraform loader forms it, and passed on (or kept) at once.
  const loaded = await loadTerraform(files, {
    ...options,
    unitLoaded: (unit) => {
      const file = byDir.get(path.resolve(unit.root));
      const paths = file === undefined ? new Map<string, string>() : constructPaths(file, options.reader);
      emit({
        ...unit,
        id: cdktfUnitId(unit.root, options.cwd),
        format: 'cdktf',
        users: unit.users.map((r) => withConstructPath(r, paths)),
        loginProfiles: unit.loginProfiles.map((r) => withConstructPath(r, paths)),
        accessKeys: unit.accessKeys.map((r) => withConstructPath(r, paths)),
      });
    },
  });
  return { units, diagnostics: loaded.diagnostics };
}
