import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { note, parseError } from '../../core/diagnostic.js';
import { FILE_START, type SourceLocation } from '../../core/location.js';
import { jsonRange, parseJsonText, parseJsonTree, type JsonNode } from '../../core/json-tree.js';
import { LineIndex } from '../../core/source-text.js';
import type { FileReader } from '../../io/file-reader.js';
import { appendAll } from '../../core/append-all.js';

/**
 * A CDK cloud assembly as written by `cdk synth` (the `cdk.out` directory): `manifest.json` lists
 * artifacts; `aws:cloudformation:stack` artifacts name their template (`properties.templateFile`) and
 * metadata (`metadata` inline, and/or the file named by `additionalMetadataFile`); `cdk:cloud-assembly`
 * artifacts are nested assemblies (CDK Stages) in a subdirectory (`properties.directoryName`). Schema:
 * https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloud-assembly-schema
 */

/** One metadata entry (`aws:cdk:logicalId`, `aws:cdk:creationStack`, `aws:cdk:templateFile`, ...). */
export interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
  /** Older CDK versions: the creation stack of the entry. */
  readonly trace?: readonly string[];
}

export interface AssemblyStack {
  /** Absolute path of the stack template. */
  readonly templateFile: string;
  /** The stack's display name (its construct path, `Stage/Stack`), used as the address prefix. */
  readonly displayName: string;
  /** The directory of the (possibly nested) assembly that holds it. */
  readonly assemblyDir: string;
  /**
   * The account of the stack's `environment` (`aws://123456789012/us-east-1`), with the manifest that
   * says so; absent for an environment-agnostic stack (`aws://unknown-account/...`), which is deployed
   * to the account of the credentials `cdk deploy` runs with.
   */
  readonly account?: { readonly value: string; readonly manifest: string };
}

export interface Assembly {
  readonly dir: string;
  readonly stacks: AssemblyStack[];
  /**
   * Templates of nested stacks (`*.nested.template.json`, and files named by `aws:cdk:templateFile`
   * metadata), absolute, with the directory of the assembly that holds them.
   */
  readonly nestedTemplates: { readonly file: string; readonly assemblyDir: string }[];
  /** Metadata entries of every artifact of every (nested) assembly, by construct path (`/Stack/User/Resource`). */
  readonly metadata: Map<string, MetadataEntry[]>;
  /** Template files by the construct path of their stack (`/Stack`, `/Stack/Nested`), from `aws:cdk:templateFile`. */
  readonly templatesByPath: Map<string, string>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string, reader: FileReader, diagnostics: Diagnostic[]): { readonly value: unknown; readonly text: string } | undefined {
  const source = reader.readSource(file);
  if (!source.ok) {
    diagnostics.push(source.diagnostic);
    return undefined;
  }
  try {
    return { value: parseJsonText(source.text), text: source.text };
  } catch (error) {
    diagnostics.push(parseError({ file, range: FILE_START }, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`));
    return undefined;
  }
}

/**
 * Where the value at `keys` is written in a manifest (`artifacts.<id>.properties.templateFile`), for a
 * note about it; the manifest's start if it cannot be found. Parsed for positions only when a note needs them.
 */
function manifestValueAt(file: string, text: string, keys: readonly string[]): SourceLocation {
  let node: JsonNode | undefined = parseJsonTree(text, 'strict').root;
  for (const key of keys) {
    const property: JsonNode | undefined = node?.type === 'object' ? node.children?.findLast((p) => p.children?.[0]?.value === key) : undefined;
    node = property?.children?.[1];
  }
  return { file, range: node === undefined ? FILE_START : jsonRange(new LineIndex(text), node) };
}

function metadataEntries(value: unknown): MetadataEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): MetadataEntry[] => {
    if (!isObject(entry) || typeof entry.type !== 'string') return [];
    const trace = Array.isArray(entry.trace) ? entry.trace.filter((t): t is string => typeof t === 'string') : undefined;
    return [{ type: entry.type, data: entry.data, ...(trace ? { trace } : {}) }];
  });
}

/**
 * Reads an assembly directory and its nested assemblies. Never throws: an unreadable manifest or
 * metadata file is a diagnostic; a nested assembly outside the repository is not read (a note says so).
 */
/**
 * The account of a stack artifact's `environment`, `aws://<account>/<region>` (cloud assembly schema,
 * `environment`: "The environment into which this artifact is deployed"), unless it is
 * `unknown-account` (an environment-agnostic stack).
 */
function environmentAccount(environment: unknown): string | undefined {
  const match = typeof environment === 'string' ? /^aws:\/\/([^/]+)\//.exec(environment) : null;
  const account = match?.[1];
  return account === undefined || account === 'unknown-account' ? undefined : account;
}

/**
 * Assemblies nested in assemblies (Stages within Stages) that are read: real apps nest a few. Each
 * level is a directory one deeper, and finding and reading its manifest resolves the whole path one
 * component at a time: a chain of 600 manifests of a hundred bytes each took 23 s, past any
 * `scanSeconds` (1,500, minutes), since nothing in the chain looked at the deadline.
 */
export const MAX_NESTED_ASSEMBLY_DEPTH = 32;

export function readAssembly(dir: string, reader: FileReader): { assembly: Assembly; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const assembly: Assembly = { dir, stacks: [], nestedTemplates: [], metadata: new Map(), templatesByPath: new Map() };
  const visited = new Set<string>();
  // Inside the repository by real path: a manifest entry or a symlink committed into an assembly must
  // not make credlint read (and print code frames of) a file elsewhere on the machine. The reader
  // refuses such files anyway; checking first turns them into a note naming the manifest entry.
  const insideRepo = (file: string): boolean => reader.isInside(file);

  const addMetadata = (assemblyDir: string, metadata: unknown) => {
    if (!isObject(metadata)) return;
    for (const [constructPath, value] of Object.entries(metadata)) {
      const entries = metadataEntries(value);
      const list = assembly.metadata.get(constructPath) ?? [];
      appendAll(list, entries);
      assembly.metadata.set(constructPath, list);
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:templateFile' && typeof entry.data === 'string') {
          const file = path.resolve(assemblyDir, entry.data);
          if (insideRepo(file)) assembly.templatesByPath.set(constructPath, file);
        }
      }
    }
  };

  const visit = (assemblyDir: string, depth: number): void => {
    let real: string;
    try {
      real = realpathSync.native(assemblyDir);
    } catch {
      real = assemblyDir;
    }
    if (visited.has(real)) return;
    visited.add(real);
    const manifestFile = path.join(assemblyDir, 'manifest.json');
    const read = readJson(manifestFile, reader, diagnostics);
    const manifest = read?.value;
    if (read === undefined || !isObject(manifest)) return;
    const artifacts = isObject(manifest.artifacts) ? manifest.artifacts : {};
    for (const [id, artifact] of Object.entries(artifacts)) {
      if (!isObject(artifact)) continue;
      const properties = isObject(artifact.properties) ? artifact.properties : {};
      addMetadata(assemblyDir, artifact.metadata);
      // Every file an artifact names must stay inside the repository (docs/security.md, "What credlint reads").
      const at = (...keys: string[]) => manifestValueAt(manifestFile, read.text, ['artifacts', id, ...keys]);
      const within = (relative: string, what: string, keys: readonly string[]): string | undefined => {
        const file = path.resolve(assemblyDir, relative);
        if (insideRepo(file)) return file;
        diagnostics.push(note(at(...keys), `${what} of artifact ${id} (${relative}) is outside the repository being scanned; not read`));
        return undefined;
      };
      const metadataFile =
        typeof artifact.additionalMetadataFile === 'string'
          ? within(artifact.additionalMetadataFile, 'the metadata file', ['additionalMetadataFile'])
          : undefined;
      if (metadataFile !== undefined) addMetadata(assemblyDir, readJson(metadataFile, reader, diagnostics)?.value);
      if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
        let templateFile = within(properties.templateFile, 'the template', ['properties', 'templateFile']);
        const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : id;
        const account = environmentAccount(artifact.environment);
        // A manifest copied out of `cdk.out` without the templates `cdk synth` wrote beside it (found committed
        // in a project's root): the stack is not analysed, as a nested stack whose template does not exist.
        if (templateFile !== undefined && !existsSync(templateFile)) {
          diagnostics.push(note(at('properties', 'templateFile'), `stack ${displayName}: template "${properties.templateFile}" does not exist; not analysed`));
          templateFile = undefined;
        }
        if (templateFile !== undefined)
          assembly.stacks.push({
            templateFile,
            displayName,
            assemblyDir,
            ...(account === undefined ? {} : { account: { value: account, manifest: manifestFile } }),
          });
      } else if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
        const nestedDir = within(properties.directoryName, 'the nested assembly', ['properties', 'directoryName']);
        if (nestedDir !== undefined && depth >= MAX_NESTED_ASSEMBLY_DEPTH) {
          diagnostics.push(
            parseError(
              at('properties', 'directoryName'),
              `the nested assembly of artifact ${id} is nested deeper than ${String(MAX_NESTED_ASSEMBLY_DEPTH)} levels; it and the assemblies in it are not analysed`,
            ),
          );
        } else if (nestedDir !== undefined) visit(nestedDir, depth + 1);
      }
    }
    try {
      for (const name of readdirSync(assemblyDir).sort()) {
        const file = path.join(assemblyDir, name);
        if (name.endsWith('.nested.template.json') && insideRepo(file)) assembly.nestedTemplates.push({ file, assemblyDir });
      }
    } catch {
      // The manifest was readable, so the directory is; a race with a concurrent `cdk synth` is not ours to report.
    }
  };

  visit(dir, 0);
  const stackFiles = new Set(assembly.stacks.map((s) => s.templateFile));
  for (const [constructPath, file] of assembly.templatesByPath) {
    // A template that does not exist is noted where a stack artifact or a nested stack resource names it.
    if (!insideRepo(file) || !existsSync(file)) {
      assembly.templatesByPath.delete(constructPath);
      continue;
    }
    if (!stackFiles.has(file) && !assembly.nestedTemplates.some((t) => t.file === file)) {
      assembly.nestedTemplates.push({ file, assemblyDir: path.dirname(file) });
    }
  }
  return { assembly, diagnostics };
}
