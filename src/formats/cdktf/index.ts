/**
 * CDKTF output: `cdktf synth` writes each stack as Terraform JSON to `cdktf.out/stacks/<stack>/cdk.tf.json`
 * (https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth); each stack is a unit.
 * The rest of `cdktf.out` (assets, manifests) is output, claimed and ignored. No prefilter: a stack is
 * one generated file, parsed as JSON, not as native HCL.
 */
import path from 'node:path';
import { note, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import type { InputFormat } from '../format.js';
import { TERRAFORM_WORDS } from '../terraform/terraform-words.js';

const STACK = /(^|[\\/])cdktf\.out[\\/]stacks[\\/][^\\/]+[\\/]cdk\.tf\.json$/;
const OUTPUT = /(^|[\\/])cdktf\.out[\\/]/;

/**
 * Why `--verbose` lists the rest of `cdktf.out` as skipped: manifests and other output, but not the
 * Terraform files of a module asset (`TerraformHclModule`), which a stack's module call reads.
 */
const NOT_A_STACK = "CDKTF output other than a stack's cdk.tf.json: nothing in it declares a resource";
const TERRAFORM_FILE = /\.(tf|tofu)(\.json)?$/;

/**
 * A note at each `cdktf.json` (the file `cdktf init` writes at a CDKTF project's root, naming the app
 * command: https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/configuration-file) whose
 * project's `cdktf.out` stacks are not among `stacks`. credlint reads what `cdktf synth` writes, not the
 * app's source in any language, and `cdktf.out` is git-ignored by the project `cdktf init` creates, so a
 * scan of the project would otherwise pass it without a word.
 */
function unsynthesizedAppNotes(files: readonly string[], stacks: readonly string[]): Diagnostic[] {
  return files
    .filter((file) => path.basename(file) === 'cdktf.json')
    .filter((file) => !stacks.some((stack) => stack.startsWith(`${path.dirname(file)}${path.sep}cdktf.out${path.sep}`)))
    .map((file) =>
      note(
        { file, range: FILE_START },
        'cdktf.json makes a CDKTF app, whose source credlint does not analyse (it reads the Terraform JSON that cdktf synth writes): run cdktf synth, then credlint cdktf.out',
      ),
    );
}

export const cdktf: InputFormat<readonly string[]> = {
  id: 'cdktf',
  label: 'the CDKTF stacks',
  modelFormats: ['cdktf'],
  relevance: TERRAFORM_WORDS,
  collects: (name) => name === 'cdk.tf.json',
  async claim(files) {
    const stacks = files.filter((file) => STACK.test(file));
    return {
      inputs: stacks.length > 0 ? stacks : undefined,
      claimed: new Set(files.filter((file) => OUTPUT.test(file))),
      skipped: new Map(files.filter((file) => OUTPUT.test(file) && !STACK.test(file) && !TERRAFORM_FILE.test(file)).map((file) => [file, NOT_A_STACK])),
      diagnostics: unsynthesizedAppNotes(files, stacks),
      filesScanned: stacks.length,
      ...(stacks[0] === undefined ? {} : { firstFile: stacks[0] }),
    };
  },
  async load(files, options) {
    return (await import('./load-cdktf.js')).loadCdktf(files, options);
  },
};
