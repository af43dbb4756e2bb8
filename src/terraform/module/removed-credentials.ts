/**
 * What a `removed` block with `lifecycle { destroy = false }` forgets: the resource leaves Terraform's
 * state and stays in AWS (https://developer.hashicorp.com/terraform/language/block/removed). A forgotten
 * access key, login profile or user still exists, but the configuration no longer says its user or
 * status, which only the state holds: it is not counted, and a note says so. A plan of the same
 * configuration holds its prior values and counts it (README, "What is analysed").
 */
import { note, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import type { ModuleConfig } from './module-config.js';

const CREDENTIAL_TYPES = ['aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_access_key'];

/** A note at each `removed` block of `config` that forgets an IAM user, login profile or access key. */
export function forgottenCredentialNotes(config: ModuleConfig): Diagnostic[] {
  return config.removed.flatMap((decl) => {
    if (decl.destroy !== false || decl.from === undefined) return [];
    // A resource of this module or of a module it called (`module.iam.aws_iam_access_key.k`); `module.x`
    // alone forgets a whole module's resources, of types not written here. A resource block still
    // declaring it keeps it (Terraform refuses a removed block beside its resource).
    const parts = decl.from.split('.');
    let at = 0;
    while (parts[at] === 'module' && at + 2 < parts.length) at += 2;
    const type = parts[at];
    if (type === undefined || parts.length !== at + 2 || !CREDENTIAL_TYPES.includes(type) || (at === 0 && config.resources.has(decl.from))) return [];
    const location = { file: decl.file, range: decl.block?.headerRange ?? FILE_START, logicalPath: `removed.${decl.from}` };
    const what =
      `${decl.from}: forgotten by a removed block with destroy = false, Terraform stops managing it but it stays in AWS; ` +
      'its user and status are only in Terraform state, so it is not counted (a plan, terraform show -json, counts it)';
    return [note(location, what)];
  });
}
