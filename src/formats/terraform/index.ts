/**
 * Terraform configuration: `.tf` (HCL) and `.tf.json` files, one format because a module may mix both
 * syntaxes (https://developer.hashicorp.com/terraform/language/syntax/json), and OpenTofu's `.tofu` and
 * `.tofu.json` (`src/terraform/configuration-files.ts`). A module directory is
 * kept when the prefilter finds it relevant (`prefilter.ts`); the loader groups the kept files into
 * module directories and evaluates each root module with the modules it calls: one unit per root.
 */
import { basename, dirname } from 'node:path';
import type { Claim, InputFormat } from '../format.js';
import { MODULE_FILE, terraformCallers } from './module-callers.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import { prefilterTerraformFiles } from './prefilter.js';
import { twinNotes } from './twin-notes.js';
import { DEADLINE_REASON } from '../claim-deadline.js';
import { TERRAFORM_WORDS } from './terraform-words.js';
import { isConfigurationFile } from '../../terraform/configuration-files.js';

const isConfiguration = isConfigurationFile;
/** The files of a module directory: configuration, and the variables files a root module reads. */
const isModuleFile = (name: string): boolean => isConfiguration(name) || name.endsWith('.tfvars') || name.endsWith('.tfvars.json');

/** What the Terraform format loads: the kept files, and the notes of the directories the prefilter left out. */
export interface TerraformInputs {
  readonly files: readonly string[];
  /** Started during the claim (`remote-call-notes.ts`), so that its parsing overlaps the other claims. */
  readonly notes?: Promise<Diagnostic[]>;
}

export const terraform: InputFormat<TerraformInputs> = {
  id: 'terraform',
  label: 'the Terraform files',
  modelFormats: ['terraform', 'terraform-json'],
  relevance: TERRAFORM_WORDS,
  collects: isModuleFile,
  // Terraform loads every configuration file of a module's directory, a symlinked one included
  // (https://developer.hashicorp.com/terraform/language/files): a shared `variables.tf` linked into
  // several root modules belongs to each of them.
  belongsToDirectory: isModuleFile,
  // `terraform init` downloads modules and providers there (https://developer.hashicorp.com/terraform/cli/init).
  workingDirectories: { '.terraform': "Terraform's working directory" },
  // A Terraform file stands for its whole module directory.
  argumentUnit: (file) => (isModuleFile(basename(file)) ? [{ directory: dirname(file), recursive: false, includes: isModuleFile }] : []),
  ancestors: { wants: (file) => isModuleFile(basename(file)), candidate: (name) => MODULE_FILE.test(name), search: terraformCallers },
  async claim(files, { options, seeds }) {
    // Every configuration file, `main.tf` beside `main.tofu` too: OpenTofu reads one, Terraform the
    // other, and the loader analyses each engine's reading (`engine-reading.ts`). The prefilter reads
    // a directory's files of both engines, so it keeps a directory either reading needs.
    const candidates = files.filter(isConfiguration);
    // Variables files are read by the loader from each root module's directory, not as inputs.
    const claimed = new Set(files.filter(isModuleFile));
    // The check of --var values loads Terraform's expression evaluator: only when a value is given.
    const diagnostics =
      options.vars.length === 0 ? [] : (await import('./command-line-variables.js')).checkCommandLineVariables(options.vars, candidates, options.reader);
    // Each `.tf` file a `.tofu` twin replaces is noted, whether or not the prefilter keeps its directory.
    diagnostics.push(...twinNotes(candidates));
    if (!options.prefilter) return terraformClaim(candidates, candidates, claimed, undefined, [], diagnostics);
    const prefiltered = await prefilterTerraformFiles(candidates, options.reader, seeds, options);
    if (prefiltered.stopped !== undefined) {
      return { ...terraformClaim(candidates, [], claimed, undefined, [], [...diagnostics, prefiltered.stopped]), skipped: deadlineSkipped(candidates) };
    }
    if (prefiltered.noteDirectories.size === 0) {
      // Nothing will be loaded: the bytes the prefilter kept for the loader are not wanted.
      if (!prefiltered.kept.some(isConfiguration)) options.reader.dropRetained();
      return terraformClaim(candidates, prefiltered.kept, claimed, undefined, [], diagnostics);
    }
    // Directories kept only for the notes of their module calls: those notes are written from their
    // module blocks, without loading them.
    const { noteFiles, remoteCallNotes } = await import('./remote-call-notes.js');
    const parsedForNotes = noteFiles(prefiltered, options);
    // Caught here: nothing awaits it until the loaders run.
    const notes = remoteCallNotes(prefiltered, parsedForNotes, options).catch((error: unknown) => [
      internalError({ file: [...parsedForNotes.values()].flat().sort()[0] ?? options.repoRoot, range: FILE_START }, 'the Terraform module calls', error),
    ]);
    return terraformClaim(candidates, prefiltered.kept, claimed, notes, [...parsedForNotes.values()].flat(), diagnostics);
  },
  async load({ files, notes }, options) {
    const [loaded, noted] = await Promise.all([
      files.length > 0 ? (await import('./load-terraform.js')).loadTerraform(files, options) : { units: [], diagnostics: [] },
      notes ?? [],
    ]);
    // What the prefilter kept for these reads and they did not take (`FileReader.retain`).
    options.reader.dropRetained();
    return { units: loaded.units, diagnostics: [...loaded.diagnostics, ...noted] };
  },
};

/** Past the deadline nothing was kept: `--verbose` says why for every candidate. */
function deadlineSkipped(candidates: readonly string[]): Map<string, string> {
  return new Map(candidates.map((file) => [file, DEADLINE_REASON]));
}

/** The claim of `kept` files among `candidates`, and of `parsedForNotes`, the files read only for the notes of their module calls. */
function terraformClaim(
  candidates: readonly string[],
  kept: readonly string[],
  claimed: ReadonlySet<string>,
  notes: Promise<Diagnostic[]> | undefined,
  parsedForNotes: readonly string[],
  diagnostics: Diagnostic[],
): Claim<TerraformInputs> {
  const parsed = new Set([...kept, ...parsedForNotes]);
  const reason = 'prefilter: neither its module directory nor a module it calls can declare an IAM access key';
  return {
    inputs: kept.length > 0 || notes !== undefined ? { files: kept, ...(notes === undefined ? {} : { notes }) } : undefined,
    claimed,
    diagnostics,
    filesScanned: parsed.size,
    skipped: new Map(candidates.filter((file) => !parsed.has(file)).map((file) => [file, reason])),
    ...(kept[0] === undefined ? {} : { firstFile: kept[0] }),
  };
}
