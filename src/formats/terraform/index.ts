/**
 * Terraform configuration: `.tf` (HCL) and `.tf.json` files, one format because a module may mix both
 * syntaxes (https://developer.hashicorp.com/terraform/language/syntax/json), and OpenTofu's `.tofu` and
 * `.tofu.json` (`src/terraform/configuration-files.ts`). A module directory is
 * kept when the prefilter finds it relevant (`prefilter.ts`); the loader groups the kept files into
 * module directories and evaluates each root module with the modules it calls: one unit per root.
 */
import { basename, dirname } from 'node:path';
import type { InputFormat } from '../format.js';
import { terraformCallers } from './module-callers.js';
import { prefilterTerraformFiles } from './prefilter.js';
import { TERRAFORM_WORDS } from './terraform-words.js';
import { isConfigurationFile, withoutShadowedFiles } from '../../terraform/configuration-files.js';

const isConfiguration = isConfigurationFile;
/** The files of a module directory: configuration, and the variables files a root module reads. */
const isModuleFile = (name: string): boolean => isConfiguration(name) || name.endsWith('.tfvars') || name.endsWith('.tfvars.json');

export const terraform: InputFormat<readonly string[]> = {
  id: 'terraform',
  label: 'the Terraform files',
  modelFormats: ['terraform', 'terraform-json'],
  relevance: TERRAFORM_WORDS,
  collects: isModuleFile,
  // `terraform init` downloads modules and providers there (https://developer.hashicorp.com/terraform/cli/init).
  workingDirectories: { '.terraform': "Terraform's working directory" },
  // A Terraform file stands for its whole module directory.
  argumentUnit: (file) => (isModuleFile(basename(file)) ? [{ directory: dirname(file), recursive: false, includes: isModuleFile }] : []),
  ancestors: { wants: (file) => isModuleFile(basename(file)), search: terraformCallers },
  async claim(files, { options, seeds }) {
    // OpenTofu reads `x.tofu` instead of `x.tf` (`configuration-files.ts`); the `.tf` file stays claimed.
    const candidates = withoutShadowedFiles(files.filter(isConfiguration));
    // Variables files are read by the loader from each root module's directory, not as inputs.
    const claimed = new Set(files.filter(isModuleFile));
    const kept = options.prefilter ? await prefilterTerraformFiles(candidates, options.reader, seeds) : candidates;
    const parsed = new Set(kept);
    const reason = 'prefilter: neither its module directory nor a module it calls can declare an IAM access key';
    return {
      inputs: kept.length > 0 ? kept : undefined,
      claimed,
      diagnostics: [],
      filesScanned: kept.length,
      skipped: new Map(candidates.filter((file) => !parsed.has(file)).map((file) => [file, reason])),
      ...(kept[0] === undefined ? {} : { firstFile: kept[0] }),
    };
  },
  async load(files, options) {
    return (await import('./load-terraform.js')).loadTerraform(files, options);
  },
};
