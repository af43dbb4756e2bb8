/**
 * The input formats, in claim order: a format sees only the files no earlier format claimed. A cloud
 * assembly claims its directory before its templates could pass for plain CloudFormation, CDKTF its
 * `cdktf.out` before Terraform sees the `.tf.json` stacks, and plans are told apart from templates
 * before CloudFormation takes the remaining data files. Adding a format: its folder, and a line here.
 */
import { cdkAssembly } from './cdk-assembly/index.js';
import { cdkSource } from './cdk-source/index.js';
import { cdktf } from './cdktf/index.js';
import { cloudFormation } from './cloudformation/index.js';
import type { InputFormat } from './format.js';
import { terraform } from './terraform/index.js';
import { tfPlan } from './tf-plan/index.js';

export const formats: readonly InputFormat[] = [cdkAssembly, cdktf, terraform, tfPlan, cloudFormation, cdkSource];
