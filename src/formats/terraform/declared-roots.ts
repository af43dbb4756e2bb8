/**
 * Directories that say they are where `terraform init` runs, and so are root modules even when another
 * scanned directory calls them. A directory called through a local `source` is analysed as part of
 * its caller, with the caller's inputs (README, "What is analysed"); without this, any directory of
 * the repository could take a root module's place: a pull request adding `examples/wrap/main.tf` with
 * `module "prod" { source = "../../prod" count = 0 }` left `prod`'s resources analysed only with
 * `count = 0`, and a `source` that cannot be computed left them not analysed at all.
 *
 * The signs, each kept by a root module only:
 * - its dependency lock file, `.terraform.lock.hcl`, which `terraform init` writes in the working
 *   directory and HashiCorp asks to commit
 *   (https://developer.hashicorp.com/terraform/language/files/dependency-lock);
 * - a `backend` or `cloud` block, which Terraform reads in the root module only
 *   (https://developer.hashicorp.com/terraform/language/backend).
 * The block is searched for in the text: a match in a comment makes one more root, which only adds
 * analysis (the module is still analysed with its callers' inputs too).
 */
import { dirname, join } from 'node:path';
import type { FileReader } from '../../io/file-reader.js';

const LOCK_FILE = '.terraform.lock.hcl';
/** `backend "s3" {` or `cloud {`, as a block header (in `.tf`) or a JSON key (in `.tf.json`). */
const ROOT_BLOCK = /(?:^|[\s{,])(?:backend\s*"[^"\n]*"\s*\{|"?backend"?\s*:|cloud\s*\{|"cloud"\s*:)/m;

/** The directories among `groups` (directory → its scanned Terraform files) that are root modules by their own word. */
export function declaredRootDirs(groups: ReadonlyMap<string, readonly string[]>, reader: FileReader): Set<string> {
  const declared = new Set<string>();
  for (const [dir, files] of groups) {
    if (reader.exists(join(dir, LOCK_FILE)) || files.some((file) => dirname(file) === dir && hasRootBlock(file, reader))) declared.add(dir);
  }
  return declared;
}

function hasRootBlock(file: string, reader: FileReader): boolean {
  const read = reader.readSource(file);
  return read.ok && read.text.includes('terraform') && ROOT_BLOCK.test(read.text);
}
