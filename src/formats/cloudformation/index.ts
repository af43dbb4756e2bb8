/**
 * CloudFormation and SAM templates (JSON or YAML) outside cloud assemblies, recognised by content
 * among the data files no earlier format claimed (`src/cloudformation/detect-template.ts`). One unit
 * per template, with the nested templates it names.
 */
import { basename, dirname } from 'node:path';
import { SAM_CONFIG_NAMES } from '../../cloudformation/sam-config-names.js';
import { note, type Diagnostic } from '../../core/diagnostic.js';
import { looksLikeCloudFormation } from '../../cloudformation/detect-template.js';
import { bytesHoldSeed } from '../../core/seed-text.js';
import type { FileReader } from '../../io/file-reader.js';
import { claimDeadlinePassed, DEADLINE_REASON, FOUND_AT_DEADLINE_REASON, PICKING_DATA_FORMATS } from '../claim-deadline.js';
import { isDataFile, readHead } from '../data-files.js';
import type { InputFormat } from '../format.js';
import { isServerlessService, SERVERLESS_SERVICE_REASON, unpackagedServiceNote } from './serverless-framework.js';
import { TEMPLATE_CANDIDATE, templateParents } from './template-parents.js';
import { SNIPPET_WORDS, TEMPLATE_WORDS, templateMayHoldCredentials } from './template-words.js';

/**
 * How git-crypt begins every file it encrypts in the repository (a NUL, `GITCRYPT`, a NUL): the file
 * is text its owners read after `git-crypt unlock`, not a corrupt template, so it is named in a note
 * rather than failing the scan (README, "Robustness").
 */
const GIT_CRYPT_HEADER = '\0GITCRYPT\0';
const ENCRYPTED_NOTE = 'encrypted with git-crypt (locked in this checkout); not analysed';

/** Markers that make an unreadable data file worth a parse error rather than silence. */
const TEMPLATE_HEAD_MARKERS = /AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::/;

/**
 * A JSON or YAML file may have a parent when it may be a template (a nested one names AWS types) or
 * an `AWS::Include` snippet that can change a finding, which must spell one of `SNIPPET_WORDS`
 * (`template-words.ts`). Any other file (a workflow, `package.json`) is not searched for, which in a
 * large repository would read every template on every commit touching one (README, "Usage").
 */
function mayBeTemplate(file: string, reader: FileReader): boolean {
  if (!TEMPLATE_CANDIDATE.test(basename(file))) return false;
  const read = reader.readBytes(file);
  return !read.ok || bytesHoldSeed(read.bytes, SNIPPET_WORDS);
}

const SAM_CONFIG_REASON = 'a SAM CLI configuration file: its parameter values are read with the template it deploys';
const PREFILTER_REASON = 'prefilter: holds none of the words that declare an IAM access key, a nested stack or a credlint suppression';

export const cloudFormation: InputFormat<readonly string[]> = {
  id: 'cloudformation',
  label: 'the CloudFormation templates',
  modelFormats: ['cloudformation'],
  relevance: TEMPLATE_WORDS,
  // samconfig.toml is collected for a file argument's sake (`argumentUnit`); the loader reads SAM CLI configuration beside each template itself.
  collects: (name) => isDataFile(name) || name === 'samconfig.toml',
  /**
   * A changed SAM CLI configuration file (pre-commit passes it alone) stands for the templates beside
   * it, whose parameter values it gives (`src/cloudformation/sam-config.ts`); one that names a template
   * in another directory (`template_file`) is not followed here.
   */
  argumentUnit: (file) =>
    SAM_CONFIG_NAMES.includes(basename(file))
      ? [{ directory: dirname(file), recursive: false, includes: (name) => TEMPLATE_CANDIDATE.test(name) && !SAM_CONFIG_NAMES.includes(name) }]
      : [],
  ancestors: { wants: mayBeTemplate, candidate: (name) => TEMPLATE_CANDIDATE.test(name), search: templateParents },
  /**
   * A data file that cannot be read as text is a parse error only when it looks like it was meant to
   * be a template (binary junk or a huge data file elsewhere in a repository is not credlint's
   * business), or when it was refused (outside the repository, not a regular file). A file holding no
   * seed word cannot produce a finding, so it is not parsed at all.
   */
  async claim(files, { options, seeds, reads }) {
    const templates: string[] = [];
    const diagnostics: Diagnostic[] = [];
    const skipped = new Map<string, string>();
    // A SAM CLI configuration file is read by the loader beside the template it deploys, not on its own.
    const samConfigs = files.filter((file) => SAM_CONFIG_NAMES.includes(basename(file)));
    for (const file of samConfigs) skipped.set(file, SAM_CONFIG_REASON);
    const dataFiles = files.filter((file) => isDataFile(file) && !SAM_CONFIG_NAMES.includes(basename(file)));
    for (const [index, file] of dataFiles.entries()) {
      const found = () => ({ count: templates.length, one: 'CloudFormation template', many: 'CloudFormation templates' });
      const stopped = await claimDeadlinePassed(options, index, PICKING_DATA_FORMATS, () => dataFiles.slice(index), found);
      if (stopped !== undefined) {
        diagnostics.push(stopped);
        for (const rest of dataFiles.slice(index)) skipped.set(rest, DEADLINE_REASON);
        // Not loaded: the error counts them (`claimDeadlinePassed`).
        for (const template of templates.splice(0)) skipped.set(template, FOUND_AT_DEADLINE_REASON);
        break;
      }
      if (options.prefilter && reads.holdsNone(file, seeds)) {
        skipped.set(file, PREFILTER_REASON);
        continue;
      }
      const read = reads.source(file);
      if (!read.ok) {
        const refused = read.diagnostic.kind === 'note';
        const head = refused ? '' : readHead(file, options.reader);
        // Ciphertext does not spell a resource type: a template after the header is text made to look encrypted.
        if (head.startsWith(GIT_CRYPT_HEADER) && !TEMPLATE_HEAD_MARKERS.test(head)) diagnostics.push(note(read.diagnostic.location, ENCRYPTED_NOTE));
        else if (refused || /binary content/.test(read.diagnostic.message) || TEMPLATE_HEAD_MARKERS.test(head)) diagnostics.push(read.diagnostic);
        continue;
      }
      // Before the prefilter's second look, so that a service's note is the same with and without it.
      if (isServerlessService(file, read.text)) {
        skipped.set(file, SERVERLESS_SERVICE_REASON);
        const unpackaged = unpackagedServiceNote(file, read.text, files);
        if (unpackaged !== undefined) diagnostics.push(unpackaged);
        continue;
      }
      if (options.prefilter && !templateMayHoldCredentials(read.text, seeds)) {
        skipped.set(file, PREFILTER_REASON);
        continue;
      }
      if (looksLikeCloudFormation(file, read.text)) {
        templates.push(file);
        // The loader reads every claimed template first thing (`load-templates.ts`).
        reads.handOver(file);
      }
    }
    return {
      inputs: templates.length > 0 ? templates : undefined,
      claimed: new Set([...templates, ...samConfigs]),
      diagnostics,
      filesScanned: templates.length,
      skipped,
      ...(templates[0] === undefined ? {} : { firstFile: templates[0] }),
    };
  },
  async load(files, options) {
    return (await import('./load-templates.js')).loadCloudFormation(files, options);
  },
};
