/**
 * CDKTF output: `cdktf synth` writes each stack as Terraform JSON to `cdktf.out/stacks/<stack>/cdk.tf.json`
 * (https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth); each stack is a unit.
 * The rest of `cdktf.out` (assets, manifests) is output, claimed and ignored. No prefilter: a stack is
 * one generated file, parsed as JSON, not as native HCL.
 */
import type { InputFormat } from '../format.js';
import { TERRAFORM_WORDS } from '../terraform/terraform-words.js';

const STACK = /(^|[\\/])cdktf\.out[\\/]stacks[\\/][^\\/]+[\\/]cdk\.tf\.json$/;
const OUTPUT = /(^|[\\/])cdktf\.out[\\/]/;

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
      diagnostics: [],
      filesScanned: stacks.length,
      ...(stacks[0] === undefined ? {} : { firstFile: stacks[0] }),
    };
  },
  async load(files, options) {
    return (await import('./load-cdktf.js')).loadCdktf(files, options);
  },
};
