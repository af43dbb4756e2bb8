/**
 * The workspace `terraform plan` runs in for a root module: `TF_WORKSPACE` when set, else the one
 * `terraform workspace select` recorded in the working directory's `.terraform/environment` (its
 * text, blank space trimmed), else `default` (hashicorp/terraform `internal/command/meta.go`,
 * `WorkspaceOverridden`; https://developer.hashicorp.com/terraform/cli/workspaces). OpenTofu reads
 * the same file. A CI job that selects a workspace before scanning is analysed in that workspace,
 * as its `.terraform/modules/modules.json` already decides where its modules are.
 */
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { FileReader } from '../../io/file-reader.js';
import { Unknown, type TfValue } from '../../terraform/expr/value.js';

export function selectedWorkspace(
  rootDir: string,
  env: Readonly<Record<string, string | undefined>>,
  reader: FileReader,
  report: (diagnostic: Diagnostic) => void,
): TfValue {
  const fromEnvironment = env['TF_WORKSPACE'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  const file = join(rootDir, '.terraform', 'environment');
  // Most roots have none: one `lstat` says so (`FileReader.exists`, which never looks outside).
  if (!reader.exists(file)) return 'default';
  const source = reader.readSource(file);
  if (!source.ok) {
    // A file Terraform would read and credlint refuses (a symlink out of the repository, a device):
    // the workspace is not known.
    if (source.diagnostic.kind === 'note') report(source.diagnostic);
    return new Unknown('terraform.workspace is not known: .terraform/environment was not read');
  }
  return source.text.trim() || 'default';
}
