/**
 * The notes of `.tf` files that OpenTofu does not read because a `.tofu` twin replaces them
 * (https://opentofu.org/docs/language/files/, "Extension Precedence"); Terraform reads them and no
 * `.tofu` file. Apart from the loader, so that the claim gives them without loading it.
 */
import { basename } from 'node:path';
import { note, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import { filesReplacedByTwins } from '../../terraform/configuration-files.js';

/**
 * A note at each `.tf`/`.tf.json` file among `files` that a `.tofu`/`.tofu.json` twin replaces: OpenTofu
 * reads the twin, Terraform this file, and the findings are OpenTofu's, so what only this file would
 * deploy is no error. Always given, whatever the two files hold: telling whether they differ in what
 * credlint analyses would need both analysed, and a note costs the run nothing (it never fails it).
 */
export function twinNotes(files: readonly string[]): Diagnostic[] {
  return filesReplacedByTwins(files).map(({ file, twin }) =>
    note(
      { file, range: FILE_START },
      `OpenTofu reads ${basename(twin)} instead of this file, and Terraform, which reads no .tofu file, reads this one: ` +
        `credlint reports what OpenTofu's reading gives, and findings only Terraform's reading gives are warnings shown with --report-unknown; ` +
        `to check Terraform's reading alone, scan with --ignore-pattern '*.tofu' --ignore-pattern '*.tofu.json'`,
    ),
  );
}
