import { existsSync, realpathSync } from 'node:fs';
import type { Deadline } from '../core/deadline.js';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticKey, note, parseError } from '../core/diagnostic.js';
import { internalError } from '../core/internal-error.js';
import type { Limits } from '../core/limits.js';
import { FILE_START } from '../core/location.js';
import type { DeploymentUnit, Format } from '../model/model.js';
import { isTemplateDocument } from './detect-template.js';
import { parseTemplateText } from './parse-template.js';
import type { ParsedTemplateFile } from './parse-json-template.js';
import type { FileReader } from '../io/file-reader.js';
import type { Decorate } from './resource-decoration.js';
import type { StackEnvironment } from './stack-instance.js';
import { StackInstance } from './stack-instance.js';
import { UnitBudget } from './unit-budget.js';
import type { TemplateDocument } from './template-node.js';
import { child } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { Unknown } from './template-values.js';
import { nestedTemplateSource } from './nested-template-path.js';
import { appendAll } from '../core/append-all.js';
import { TRUE } from '../core/exclusive-conditions.js';
import { collectIamResources, markNeverTogether, type UnitParts } from './collect-iam-resources.js';
import { includeSnippets, type IncludeEnvironment } from './template-includes.js';
import { SnippetFiles } from './snippet-files.js';

/** One template handed to the unit builder. */
export interface TemplateSource {
  /** Absolute path of the template file. */
  readonly file: string;
  readonly text: string;
  /**
   * Prefix of the ids and addresses of this stack's resources (`Stack/User`) when a unit holds several
   * stacks (a CDK app); defaults to the file name then. Not used when the unit has one stack.
   */
  readonly stackName?: string;
  /** Per-resource extras (construct path, creation site) by logical id. */
  readonly decorate?: Decorate;
}

/** What building a unit needs of the scan's options (a format's load options satisfy it). */
export interface TemplateUnitOptions {
  /** Nested templates are read through it, inside the scanned repositories only. */
  readonly reader: FileReader;
  readonly limits: Limits;
  /** `--parameter Key=Value`. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Unit ids are relative to it. */
  readonly cwd: string;
  /** The scan deadline, read inside a unit too (`UnitBudget.pastDeadline`); default: none. */
  readonly deadline?: Deadline;
}

export interface BuildTemplateUnitInput {
  readonly unitId: string;
  readonly format: Format;
  /** The templates of the unit. A template that another one nests is analysed as that nested stack only. */
  readonly templates: readonly TemplateSource[];
  readonly options: TemplateUnitOptions;
  /** What the unit was loaded from; defaults to the first template's file. */
  readonly root?: string;
}

/** A template document that starts a stack of a unit, with what the caller knows about it. */
export interface StackRoot {
  readonly document: TemplateDocument;
  readonly stackName?: string;
  /** Prefix of the stack's ids and addresses even when it is the unit's only stack (a stack set's inline template: `Users/`). */
  readonly prefix?: string;
  /** Its stack sets whose inline template is analysed as a unit of its own (`load-templates.ts`): they get no "not analysed" note. */
  readonly inlineStackSets?: ReadonlySet<string>;
}

/** Parses a template; a parser crash (a bug, or input beyond its limits) is a parse error, not a throw. */
function safeParse(file: string, text: string, limits: Limits): ParsedTemplateFile {
  try {
    return parseTemplateText(file, text, limits);
  } catch (error) {
    return { documents: [], diagnostics: [parseError({ file, range: FILE_START }, `the parser failed: ${(error as Error).message}`)] };
  }
}

/** Reads and parses template files once per build, remembering diagnostics so each is reported once. */
export class TemplateCache {
  private readonly parsed = new Map<string, ParsedTemplateFile>();

  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly reader: FileReader,
    private readonly limits: Limits,
    parsed?: ReadonlyMap<string, ParsedTemplateFile>,
  ) {
    for (const [file, result] of parsed ?? []) this.parsed.set(file, result);
  }

  parse(file: string): ParsedTemplateFile {
    let result = this.parsed.get(file);
    if (!result) {
      const text = this.texts.get(file);
      // Synchronous on purpose: the CDK assembly loader builds units from templates it already holds.
      const read = text !== undefined ? { ok: true as const, text } : this.reader.readSource(file);
      result = read.ok ? safeParse(file, read.text, this.limits) : { documents: [], diagnostics: [read.diagnostic] };
      this.parsed.set(file, result);
    }
    return result;
  }

  /** Whether the file's text was given or read already (the reader let it through, or the caller read it). */
  holds(file: string): boolean {
    return this.texts.has(file) || this.parsed.has(file);
  }

  /**
   * The first template document of a file, for a nested stack. A file that does not exist is not a
   * parse error of that (non-existent) file: the parent's note says so at its `TemplateURL`.
   */
  nestedDocument(file: string): TemplateDocument | { readonly error: string } {
    if (!this.texts.has(file) && !this.parsed.has(file) && !existsSync(file)) return { error: 'does not exist' };
    const result = this.parse(file);
    const document = result.documents.find((d) => isTemplateDocument(d.root));
    if (document) return document;
    return { error: result.diagnostics.length > 0 ? 'cannot be parsed' : 'is not a CloudFormation template' };
  }
}

/**
 * Builds one deployment unit from stack root documents: every resource of every stack and of their
 * nested stacks. `parameters` (`--parameter`) apply to the root stacks; nested stacks get their
 * parent's `Parameters` property.
 */
export function buildUnitFromDocuments(input: {
  readonly unitId: string;
  readonly format: Format;
  readonly root: string;
  readonly stacks: readonly StackRoot[];
  readonly cache: TemplateCache;
  readonly options: TemplateUnitOptions;
  readonly decorateFor?: (file: string) => Decorate | undefined;
  /** Parameter values the root stacks are given over `--parameter`, and who gives them (a stack set). */
  readonly given?: { readonly values: ReadonlyMap<string, TemplateValue>; readonly by: string };
  /** Parameter values a deployment configuration gives the root stacks (`samconfig.toml`), under `--parameter`. */
  readonly configured?: { readonly values: ReadonlyMap<string, TemplateValue>; readonly by: string };
  /**
   * Whether the templates are files `aws cloudformation package` deploys, so that a local `AWS::Include`
   * snippet is what CloudFormation inserts (`template-includes.ts`); not a cloud assembly's templates
   * nor a stack set's inline template, whose local snippets nothing uploads.
   */
  readonly localIncludes?: boolean;
}): { unit: DeploymentUnit; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const stacks: StackInstance[] = [];
  const importsInProgress = new Set<string>();
  const realPaths = new Map<string, string>();
  const budget = new UnitBudget(input.options.limits, (diagnostic) => diagnostics.push(diagnostic), input.options.deadline);
  const withSnippets = input.localIncludes ? snippetsInserter(input.options, budget, diagnostics) : (document: TemplateDocument) => document;
  const env: StackEnvironment = {
    budget,
    error: (location, message) => diagnostics.push(parseError(location, message)),
    realPath: (file) => {
      let real = realPaths.get(file);
      if (real === undefined) {
        real = realOrResolved(file);
        realPaths.set(file, real);
      }
      return real;
    },
    loadNested: (file, parentFile) => {
      // Followed one component at a time from the parent's directory: a `TemplateURL`, or a symlink on
      // its way, leading out of the repository is not read, and the note is the same whether anything
      // is there (docs/security.md); the reader would refuse it, this names the `TemplateURL`.
      const written = path.relative(path.dirname(parentFile), file);
      if (!input.cache.holds(file) && input.options.reader.resolveNamed(parentFile, written === '' ? '.' : written).kind === 'outside') {
        return { error: 'is outside the repository being scanned' };
      }
      const result = input.cache.nestedDocument(file);
      if ('error' in result) {
        if (result.error !== 'does not exist') appendAll(diagnostics, input.cache.parse(file).diagnostics);
        return result;
      }
      // A nested template that parsed may still carry warnings (a duplicate key): reported once per file by the loader's dedupe.
      appendAll(
        diagnostics,
        input.cache.parse(file).diagnostics.filter((d) => d.kind === 'warning'),
      );
      return withSnippets(result);
    },
    decorateFor: (file) => input.decorateFor?.(file),
    note: (location, message) => diagnostics.push(note(location, message)),
    register: (stack) => stacks.push(stack),
    importValue: (exportName) => {
      // An export name computed from an import of itself would loop.
      if (importsInProgress.has(exportName)) return new Unknown(`export ${exportName} depends on itself`);
      importsInProgress.add(exportName);
      try {
        for (const stack of [...stacks]) {
          const value = stack.exportedValue(exportName);
          if (value !== undefined) return value;
        }
        return undefined;
      } finally {
        importsInProgress.delete(exportName);
      }
    },
  };
  const supplied = new Map<string, TemplateValue>([
    ...(input.configured?.values ?? []),
    ...Object.entries(input.options.parameters),
    ...(input.given?.values ?? []),
  ]);
  const suppliedBy = [input.given?.by, input.configured?.by, '--parameter'].filter((by) => by !== undefined).join(' or ');
  const parts: UnitParts = { users: [], loginProfiles: [], accessKeys: [], switched: [] };
  // Every root stack exists before any is collected, so that imports find exports of later stacks.
  const roots = input.stacks.map((stackRoot) => {
    const prefix = stackRoot.prefix ?? (input.stacks.length > 1 ? `${stackRoot.stackName ?? path.basename(stackRoot.document.file)}/` : '');
    return new StackInstance(env, {
      document: withSnippets(stackRoot.document),
      idPrefix: prefix,
      addressPrefix: prefix,
      deploymentPrefix: prefix,
      supplied,
      suppliedBy,
      existenceUnknown: undefined,
      existsWhen: TRUE,
      enclosing: [],
      ...(stackRoot.inlineStackSets ? { inlineStackSets: stackRoot.inlineStackSets } : {}),
      ancestry: [],
    });
  });
  for (const stack of roots) collectIamResources(stack, parts);
  const { switched, ...resources } = parts;
  return {
    unit: { id: input.unitId, format: input.format, root: input.root, ...markNeverTogether(resources, switched) },
    diagnostics: dedupe(diagnostics),
  };
}

/**
 * Inserts the local `AWS::Include` snippets of a template document (`template-includes.ts`), once per
 * document of the unit (a template nested twice is the same document), spending from the unit's budget.
 */
function snippetsInserter(options: TemplateUnitOptions, budget: UnitBudget, diagnostics: Diagnostic[]): (document: TemplateDocument) => TemplateDocument {
  const files = new SnippetFiles(options.reader, options.limits, (diagnostic) => diagnostics.push(diagnostic));
  const done = new Map<TemplateDocument, TemplateDocument>();
  const env: IncludeEnvironment = {
    snippet: (templateFile, written) => files.snippet(templateFile, written),
    text: (namingFile, written) => files.text(namingFile, written),
    note: (location, message) => diagnostics.push(note(location, message)),
    exceeded: (location, what) => {
      budget.exceeded(location, 'parseNodes', what);
    },
    maxNodes: options.limits.parseNodes,
    realPath: (file) => {
      const resolution = options.reader.resolveNamed(file, path.basename(file));
      return resolution.kind === 'real' ? resolution.real : file;
    },
  };
  return (document) => {
    let result = done.get(document);
    if (result === undefined) {
      result = includeSnippets(document, env);
      done.set(document, result);
    }
    return result;
  };
}

function realOrResolved(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = diagnosticKey(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The files a template's nested stack resources name as local templates (or a CDK assembly's manifest names for them: `decorate`). */
export function nestedFilesOf(document: TemplateDocument, decorate?: Decorate): string[] {
  const resources = child(document.root, 'Resources');
  if (resources?.kind !== 'map') return [];
  return resources.entries.flatMap((r) => {
    const source = nestedTemplateSource(document.file, r, decorate?.(r.key)?.nestedTemplate);
    return source?.kind === 'local' ? [source.file] : [];
  });
}

/**
 * Builds one deployment unit from templates the caller already read (the CDK assembly loader gives a
 * cloud assembly's stack templates and nested stack templates, with construct paths). Templates that
 * another given template nests are analysed as nested stacks, not as stacks of their own. Never throws:
 * unreadable templates become diagnostics.
 */
export function buildTemplateUnit(input: BuildTemplateUnitInput): { unit: DeploymentUnit; diagnostics: Diagnostic[] } {
  const texts = new Map(input.templates.map((t) => [t.file, t.text]));
  const cache = new TemplateCache(texts, input.options.reader, input.options.limits);
  const diagnostics: Diagnostic[] = [];
  const candidates: { source: TemplateSource; document: TemplateDocument }[] = [];
  for (const source of input.templates) {
    const parsed = cache.parse(source.file);
    appendAll(diagnostics, parsed.diagnostics);
    const document = parsed.documents.find((d) => isTemplateDocument(d.root));
    if (document) candidates.push({ source, document });
  }
  const nested = new Set(candidates.flatMap((c) => nestedFilesOf(c.document, c.source.decorate).filter((f) => f !== c.source.file)));
  const roots = candidates.filter((c) => !nested.has(c.source.file));
  const decorations = new Map(input.templates.map((t) => [t.file, t.decorate]));
  const unitRoot = input.root ?? input.templates[0]?.file ?? input.options.cwd;
  try {
    const built = buildUnitFromDocuments({
      unitId: input.unitId,
      format: input.format,
      root: unitRoot,
      stacks: (roots.length > 0 ? roots : candidates.slice(0, 1)).map((c) => ({
        document: c.document,
        ...(c.source.stackName !== undefined ? { stackName: c.source.stackName } : {}),
      })),
      cache,
      options: input.options,
      decorateFor: (file) => decorations.get(file),
    });
    return { unit: built.unit, diagnostics: dedupe([...diagnostics, ...built.diagnostics]) };
  } catch (error) {
    const file = input.templates[0]?.file ?? unitRoot;
    // A bug met in one unit costs that unit only.
    diagnostics.push(internalError({ file, range: FILE_START }, input.unitId, error));
    return { unit: { id: input.unitId, format: input.format, root: unitRoot, users: [], loginProfiles: [], accessKeys: [] }, diagnostics };
  }
}
