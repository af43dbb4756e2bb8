import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { LoadOptions } from '../loaders/loader.js';
import { countJsonNodes } from '../core/count-structure.js';
import { looksLikeCloudFormation } from '../cloudformation/detect-template.js';
import { looksLikeTerraformPlan } from '../tf-plan/detect-plan.js';
import { isTypeScriptSource } from '../cdk-source/project-root.js';
import { selectCdkProjects, type CdkProject } from '../cdk-source/select-projects.js';
import { prefilterTerraformFiles, templateMayHoldCredentials } from './prefilter.js';
import type { FileReader } from '../io/file-reader.js';
import { ESCAPE_MARKERS, holdsSeed, PLAN_SEEDS, TEMPLATE_SEEDS } from './relevance-words.js';

/** Discovered files sorted into the loaders that take them. */
export interface ClassifiedFiles {
  /** `.tf` and `.tf.json` files (after the prefilter). */
  readonly terraform: string[];
  /** `cdktf.out/stacks/<stack>/cdk.tf.json` files. */
  readonly cdktf: string[];
  /** CloudFormation/SAM templates outside cloud assemblies. */
  readonly cloudFormation: string[];
  /** `terraform show -json` plan files. */
  readonly plans: string[];
  /** CDK cloud assembly directories (holding `manifest.json`). */
  readonly assemblies: string[];
  /** CDK TypeScript source projects (after the prefilter). */
  readonly cdkProjects: CdkProject[];
  readonly diagnostics: Diagnostic[];
  /** Files handed to a loader. */
  readonly filesScanned: number;
}

const CDKTF_STACK = /(^|[\\/])cdktf\.out[\\/]stacks[\\/][^\\/]+[\\/]cdk\.tf\.json$/;
const DATA_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];
/** Markers that make an unreadable data file worth a parse error rather than silence. */
const TEMPLATE_MARKERS = /AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::|"format_version"|"planned_values"/;

function isTerraform(file: string): boolean {
  return file.endsWith('.tf') || file.endsWith('.tf.json');
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function readHead(file: string, reader: FileReader, bytes = 65536): string {
  const read = reader.readBytes(file, { maxBytes: bytes, head: true });
  return read.ok ? read.bytes.toString('latin1') : '';
}

/** A CDK cloud assembly manifest: `version` plus an `artifacts` map (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/cloud-assembly-schema). */
function isAssemblyManifest(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'version' in value && 'artifacts' in value;
  } catch {
    return false;
  }
}

/**
 * The value of a JSON text, or undefined when it is not JSON; 'too-big' when it has more values than
 * the `parseNodes` limit (counted without parsing), so that its loader reports the limit.
 */
function parseJson(text: string, maxNodes: number): unknown {
  if (!countJsonNodes(text, maxNodes).within) return TOO_BIG;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const TOO_BIG = Symbol('too many JSON values');
/** The top-level keys that make a JSON text a plan (`detect-plan.ts`), for a text too big to parse here. */
const PLAN_MARKERS = /"format_version"\s*:[\s\S]*"(planned_values|resource_changes)"\s*:/;

/**
 * ASCII byte strings at least one of which a template or plan that can matter contains: the seeds
 * of `relevance-words.ts`, or an escape marker after which a seed may be spelled with escapes.
 */
const RELEVANT_BYTES = [...new Set([...TEMPLATE_SEEDS, ...PLAN_SEEDS, ...ESCAPE_MARKERS])].map((word) => Buffer.from(word, 'latin1'));

/**
 * True when the prefilter would skip this data file anyway: a readable regular file within the size
 * limit, valid UTF-8 without NUL (so `FileReader.readSource` would succeed and no diagnostic is due), whose
 * bytes hold no relevant word (ASCII, so the bytes answer as the decoded text would). Most data files
 * in a repository end here, without the cost of decoding them to a string. Anything else (including
 * any read error) is left to the full path, which reports it.
 */
function cannotHoldCredentials(file: string, reader: FileReader): boolean {
  const read = reader.readBytes(file);
  if (!read.ok) return false;
  const bytes = read.bytes;
  return bytes.indexOf(0) === -1 && isUtf8(bytes) && !RELEVANT_BYTES.some((word) => bytes.indexOf(word) !== -1);
}

/**
 * Sorts discovered files by what they are. Data files (JSON/YAML) are recognised by content (SPEC §3);
 * files that are neither templates nor plans are ignored silently. A data file that cannot be read
 * as text is a parse error only when it looks like it was meant to be a template or plan (binary junk
 * or a huge data file elsewhere in a repository is not credlint's business).
 */
export async function classifyFiles(files: readonly string[], options: LoadOptions): Promise<ClassifiedFiles> {
  const diagnostics: Diagnostic[] = [];
  const assemblies: string[] = [];
  for (const file of files) {
    if (path.basename(file) !== 'manifest.json' || assemblies.some((dir) => isInside(file, dir))) continue;
    const read = options.reader.readSource(file);
    // A refused manifest (a symlink out of the repository, a device) is not silently skipped.
    if (!read.ok && read.diagnostic.kind === 'note') diagnostics.push(read.diagnostic);
    if (read.ok && isAssemblyManifest(read.text)) assemblies.push(path.dirname(file));
  }
  const claimed = (file: string) => assemblies.some((dir) => isInside(file, dir));

  const terraformCandidates: string[] = [];
  const cdktf: string[] = [];
  const dataFiles: string[] = [];
  const typeScript: string[] = [];
  let assemblyTemplates = 0;
  for (const file of files) {
    if (claimed(file)) {
      if (file.endsWith('.template.json')) assemblyTemplates += 1;
      continue;
    }
    if (CDKTF_STACK.test(file)) cdktf.push(file);
    else if (/(^|[\\/])cdktf\.out[\\/]/.test(file)) continue;
    else if (isTerraform(file)) terraformCandidates.push(file);
    // TypeScript in a synthesized `cdk.out` (asset bundles) is output, not the app's source.
    else if (isTypeScriptSource(file) && !/(^|[\\/])cdk\.out[\\/]/.test(file)) typeScript.push(file);
    else if (DATA_EXTENSIONS.some((ext) => file.endsWith(ext)) && !file.endsWith('.tfvars.json')) dataFiles.push(file);
  }
  // The Terraform prefilter posts the files it keeps to the hcl2json workers straight away, so they
  // parse while this thread classifies the templates below.
  const terraform = options.prefilter ? [...(await prefilterTerraformFiles(terraformCandidates, options.reader, options.deadline))] : terraformCandidates;

  const cloudFormation: string[] = [];
  const plans: string[] = [];
  for (const [index, file] of dataFiles.entries()) {
    // Let worker answers in now and then, so the parsers are handed their next files.
    if (index % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
    if (options.prefilter && cannotHoldCredentials(file, options.reader)) continue;
    const read = options.reader.readSource(file);
    if (!read.ok) {
      // A refused file (outside the repository, not a regular file) is always noted, and never read.
      const refused = read.diagnostic.kind === 'note';
      if (refused || TEMPLATE_MARKERS.test(readHead(file, options.reader)) || /binary content/.test(read.diagnostic.message)) diagnostics.push(read.diagnostic);
      continue;
    }
    // Cheap text test first: a file that names no access key type (nor a nested stack, nor a credlint
    // suppression) cannot produce a finding, whether it is a template, a plan or neither, so it is
    // not parsed at all.
    const templateMayMatter = !options.prefilter || templateMayHoldCredentials(read.text);
    if (!templateMayMatter && !holdsSeed(read.text, PLAN_SEEDS)) continue;
    if (file.endsWith('.json') || file.endsWith('.template')) {
      const value = parseJson(read.text, options.limits.parseNodes);
      if (
        value === TOO_BIG ? PLAN_MARKERS.test(read.text) && !looksLikeCloudFormation(file, read.text) : value !== undefined && looksLikeTerraformPlan(value)
      ) {
        plans.push(file);
        continue;
      }
    }
    if (looksLikeCloudFormation(file, read.text) && templateMayMatter) cloudFormation.push(file);
  }
  const cdkProjects = selectCdkProjects(typeScript, options);
  const cdkSourceFiles = cdkProjects.reduce((n, p) => n + p.files.length, 0);
  return {
    terraform,
    cdktf,
    cloudFormation,
    plans,
    assemblies,
    cdkProjects,
    diagnostics,
    filesScanned: terraform.length + cdktf.length + cloudFormation.length + plans.length + assemblyTemplates + cdkSourceFiles,
  };
}
