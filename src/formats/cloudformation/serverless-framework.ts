/**
 * Serverless Framework service files. `serverless.yml` (or `.yaml`, `.json`) describes a service; its
 * `resources.Resources` section is CloudFormation that the framework merges into the template it writes,
 * after resolving its own `${...}` variables (https://www.serverless.com/framework/docs/providers/aws/guide/resources).
 * The file is no template and credlint does not analyse it; `serverless package` writes the template to
 * `.serverless/cloudformation-template-update-stack.json`, which credlint reads
 * (https://www.serverless.com/framework/docs/providers/aws/cli-reference/package).
 */
import { basename, dirname, join } from 'node:path';
import { note, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import { holdsSeed } from '../../core/seed-text.js';
import { certainlyCloudFormation, jsonTemplateShape } from '../../cloudformation/detect-template.js';
import { TEMPLATE_WORDS } from './template-words.js';

/** The data-file names the framework reads a service from (a `.js` or `.ts` service is no data file). */
const SERVICE_FILE = /^serverless\.(?:ya?ml|json)$/;

/** Why `--verbose` lists a service file as skipped. */
export const SERVERLESS_SERVICE_REASON = 'a Serverless Framework service file: its resources are merged into the template serverless package writes';

/**
 * A file named as a service that is not a template by its shape: a SAM or CloudFormation template may be
 * named `serverless.yml` too, and has `AWSTemplateFormatVersion` or `Resources` at its top level.
 */
export function isServerlessService(file: string, text: string): boolean {
  if (!SERVICE_FILE.test(basename(file))) return false;
  const json = jsonTemplateShape(file, text);
  return json === undefined ? !certainlyCloudFormation(file, text) : !json;
}

/**
 * The note at a service file whose resources declare an access key (every rule needs one), unless the
 * template `serverless package` wrote beside it is among the scanned files (`.serverless` is usually
 * git-ignored, so a scan of the project would otherwise pass the keys without a word).
 */
export function unpackagedServiceNote(file: string, text: string, files: readonly string[]): Diagnostic | undefined {
  if (!holdsSeed(text, TEMPLATE_WORDS.perKind['access-key'])) return undefined;
  const packaged = join(dirname(file), '.serverless', 'cloudformation-template-update-stack.json');
  if (files.includes(packaged)) return undefined;
  return note(
    { file, range: FILE_START },
    `${basename(file)} is a Serverless Framework service, whose resources credlint does not analyse (the framework resolves its \${...} variables and writes the template): run serverless package, then credlint .serverless`,
  );
}
