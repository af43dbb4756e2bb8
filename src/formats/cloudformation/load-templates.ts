import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { notAnalysedByDeadline } from '../../core/deadline.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import type { DeploymentUnit } from '../../model/model.js';
import { TemplateCache, buildUnitFromDocuments, nestedFilesOf } from '../../cloudformation/build-template-unit.js';
import { NESTED_STACK_TYPES } from '../../cloudformation/nested-template-path.js';
import { certainlyCloudFormation, isTemplateDocument, jsonTemplateShape, looksLikeCloudFormation } from '../../cloudformation/detect-template.js';
import type { TemplateDocument } from '../../cloudformation/template-node.js';
import type { ParsedTemplateFile } from '../../cloudformation/parse-json-template.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { appendAll } from '../../core/append-all.js';
import { inlineStackSetTemplates, parseInlineTemplate } from '../../cloudformation/inline-stack-set-template.js';
import { SamConfigs } from '../../cloudformation/sam-config.js';

function unitId(document: TemplateDocument, cwd: string): string {
  const relative = path.relative(cwd, document.file).split(path.sep).join('/');
  return `cloudformation:${relative}${document.documentCount > 1 ? `#${document.index}` : ''}`;
}

/**
 * Whether a template file may nest another: it names a nested-stack resource type, or holds an escape
 * that could spell one otherwise. In JSON only `\u` yields a letter or a colon
 * (https://www.rfc-editor.org/rfc/rfc8259#section-7); in a YAML double-quoted scalar `\x`, `\u`, `\U`
 * and an escaped line break can (https://yaml.org/spec/1.2.2/#57-escaped-characters); `\n`, `\"` and
 * the like cannot, and a folded line break gives a space. Only these files are parsed before the
 * units are built, to find which templates start a unit.
 */
function mayNest(text: string): boolean {
  return [...NESTED_STACK_TYPES].some((type) => text.includes(type)) || /\\(?:[uUx]|\r?\n|\r)/.test(text);
}

/**
 * How much template text the first pass may keep parsed for the second: a file that may nest another
 * is parsed to find the units, and parsed again when its units are built. Kept within this many
 * characters, the first parse serves the second, halving the parsing of nested-stack templates (most
 * of a scan of a repository of large nested-stack templates); past it a file is parsed twice, so memory
 * stays bounded (docs/architecture.md, "Streaming").
 */
const KEPT_PARSE_CHARS = 2 * 1024 * 1024;

/** What finding the units needs of a file that may nest: its template documents' indexes and the files they nest. */
interface NestingFile {
  readonly templates: readonly number[];
  readonly nests: readonly string[];
}

/**
 * The template documents that start a unit, by file: those no other given template nests or that a SAM configuration deploys (every
 * template document of such a file; `'all'` for a file that nests nothing, whose documents are known
 * once it is parsed). Templates that only nest each other (a loop) still get one unit, started at the
 * first template document of the first of them.
 */
function rootDocuments(files: readonly string[], nesting: ReadonlyMap<string, NestingFile>, deployed: (file: string) => boolean): Map<string, 'all' | number> {
  const nestedSomewhere = new Set([...nesting.values()].flatMap((n) => n.nests));
  const roots = new Map<string, 'all' | number>();
  const covered = new Set<string>();
  const cover = (start: string) => {
    const stack = [start];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (covered.has(file)) continue;
      covered.add(file);
      appendAll(stack, nesting.get(file)?.nests ?? []);
    }
  };
  for (const file of files) {
    // A template that a SAM configuration deploys is a stack of its own, whoever else nests it: a
    // template added anywhere that nests it under a condition that never holds must not take its place.
    if (nestedSomewhere.has(file) && !deployed(file)) continue;
    const templates = nesting.get(file)?.templates;
    if (templates?.length === 0) continue;
    roots.set(file, 'all');
    cover(file);
  }
  for (const file of files) {
    const first = nesting.get(file)?.templates[0];
    if (covered.has(file) || first === undefined) continue;
    roots.set(file, first);
    cover(file);
  }
  return roots;
}

/**
 * Loads CloudFormation/SAM templates: one deployment unit per template document (README, "What is analysed"), including
 * its nested stacks whose template is a local file. A YAML file with several documents gives one unit
 * per template document (`cloudformation:<path>#<n>`): CloudFormation itself accepts one document per
 * template, so each is taken as a separate template. A template that another scanned template nests is
 * analysed as part of that parent only. Never throws.
 *
 * Units stream (docs/architecture.md, "Streaming"): the files that may nest another are parsed first to
 * find the templates that start a unit, then each file is parsed again in turn and its units built and
 * handed on, so no parsed template outlives its unit.
 */
export async function loadCloudFormation(files: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const readable: string[] = [];
  const nesting = new Map<string, NestingFile>();
  const kept = new Map<string, ParsedTemplateFile>();
  let keptChars = 0;
  for (const file of files) {
    // Past the deadline no template is analysed (units need their nested templates parsed first).
    if (options.deadline?.expired()) {
      diagnostics.push(notAnalysedByDeadline({ file: readable[0] ?? file, range: FILE_START }, options.limits, files.length, 'CloudFormation template'));
      return { units: [], diagnostics };
    }
    const read = options.reader.readSource(file);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    // Plain JSON that is no template is dropped before the positional parse (README, "What is analysed").
    if (jsonTemplateShape(file, read.text) === false) continue;
    readable.push(file);
    if (!mayNest(read.text)) continue;
    try {
      const parsed = new TemplateCache(new Map([[file, read.text]]), options.reader, options.limits).parse(file);
      if (keptChars + read.text.length <= KEPT_PARSE_CHARS) {
        kept.set(file, parsed);
        keptChars += read.text.length;
      }
      const templates = parsed.documents.filter((d) => isTemplateDocument(d.root));
      nesting.set(file, { templates: templates.map((d) => d.index), nests: templates.flatMap((d) => nestedFilesOf(d).filter((f) => f !== d.file)) });
    } catch {
      // Reported when the file is parsed again below.
      nesting.set(file, { templates: [], nests: [] });
    }
  }
  const units: DeploymentUnit[] = [];
  const emit = options.unitLoaded ?? ((unit: DeploymentUnit) => units.push(unit));
  const seen = new Set<string>();
  const samConfigs = new SamConfigs(options.reader, (d) => diagnostics.push(d), options.limits);
  const roots = rootDocuments(readable, nesting, (file) => samConfigs.deploys(file));
  let unitsLeft = roots.size;
  for (const file of readable) {
    const read = options.reader.readSource(file);
    if (!read.ok) continue;
    const root = roots.get(file);
    if (root !== undefined && options.deadline?.expired()) {
      diagnostics.push(notAnalysedByDeadline({ file, range: FILE_START }, options.limits, unitsLeft, 'CloudFormation template'));
      break;
    }
    // The templates of one unit, parsed once for it: a template two units nest is parsed for each.
    const firstParse = kept.get(file);
    kept.delete(file);
    const cache = new TemplateCache(new Map([[file, read.text]]), options.reader, options.limits, firstParse && new Map([[file, firstParse]]));
    let templates: TemplateDocument[];
    try {
      const parsed = cache.parse(file);
      templates = parsed.documents.filter((d) => isTemplateDocument(d.root));
      // A file recognised only by the broad sniff (YAML that names `Resources` and an AWS type in some
      // unusual form) is a template only if it parses as one; else it is some other YAML file, whose
      // syntax is not credlint's business. A budget that ran out is reported whatever the file is.
      const reportSyntax = templates.length > 0 || certainlyCloudFormation(file, read.text) || !looksLikeCloudFormation(file, read.text);
      appendAll(
        diagnostics,
        parsed.diagnostics.filter((d) => reportSyntax || d.message.startsWith('analysis limit reached')),
      );
    } catch (error) {
      diagnostics.push(internalError({ file, range: FILE_START }, `cloudformation:${path.relative(options.cwd, file).split(path.sep).join('/')}`, error));
      continue;
    }
    if (root === undefined) continue;
    unitsLeft--;
    const report = (d: Diagnostic) => {
      const key = `${d.location.file}\0${d.location.range.start.line}:${d.location.range.start.column}\0${d.message}`;
      if (!seen.has(key)) diagnostics.push(d);
      seen.add(key);
    };
    const configured = templates.length > 0 ? samConfigs.parametersFor(file) : undefined;
    for (const document of root === 'all' ? templates : templates.filter((d) => d.index === root)) {
      try {
        const inline = loadInlineStackSets(document, read.text, options);
        const built = buildUnitFromDocuments({
          unitId: unitId(document, options.cwd),
          format: 'cloudformation',
          root: document.file,
          stacks: [{ document, inlineStackSets: inline.analysed }],
          cache,
          options,
          localIncludes: true,
          ...(configured ? { configured } : {}),
        });
        emit(built.unit);
        for (const unit of inline.units) emit(unit);
        built.diagnostics.forEach(report);
        inline.diagnostics.forEach(report);
      } catch (error) {
        // A bug met in one template costs that unit only.
        diagnostics.push(internalError({ file: document.file, range: FILE_START }, unitId(document, options.cwd), error));
      }
    }
  }
  return { units, diagnostics };
}

/**
 * A body's parse that credlint gave up on to bound its own work (a budget, or nesting deeper than its
 * readers recurse), not a syntax error of the body: those are CloudFormation's to report.
 */
function isRefusal(d: Diagnostic): boolean {
  return d.kind !== 'warning' && (d.message.startsWith('analysis limit reached') || d.message.includes('nesting deeper than'));
}

/**
 * The units of the templates a document's stack sets write inline (`TemplateBody`), each a template
 * of its own (`inline-stack-set-template.ts`): unit `<document's unit>:<stack set>`, addresses
 * `<stack set>/<logical id>`. `analysed` names the stack sets whose template was, which the document's
 * unit then does not note as "not analysed". A body that does not parse as a template keeps its note, and its syntax errors are
 * left to CloudFormation (the stack set's note already says credlint did not analyse it); a budget or
 * nesting refusal is a parse-error at the body (`isRefusal`).
 */
function loadInlineStackSets(
  document: TemplateDocument,
  text: string,
  options: LoadOptions,
): { units: DeploymentUnit[]; diagnostics: Diagnostic[]; analysed: Set<string> } {
  const result: { units: DeploymentUnit[]; diagnostics: Diagnostic[]; analysed: Set<string> } = { units: [], diagnostics: [], analysed: new Set() };
  for (const inline of inlineStackSetTemplates(document, text)) {
    const id = `${unitId(document, options.cwd)}:${inline.logicalId}`;
    const parsed = parseInlineTemplate(document.file, inline, options.limits);
    const cache = new TemplateCache(new Map([[document.file, inline.text]]), options.reader, options.limits, new Map([[document.file, parsed]]));
    const body = parsed.documents.find((d) => isTemplateDocument(d.root));
    if (!body || parsed.diagnostics.some((d) => d.kind !== 'warning')) {
      // A body too big or too deeply nested to parse is reported like such a file: the scan is incomplete.
      appendAll(result.diagnostics, parsed.diagnostics.filter(isRefusal));
      continue;
    }
    try {
      const built = buildUnitFromDocuments({
        unitId: id,
        format: 'cloudformation',
        root: document.file,
        stacks: [{ document: body, prefix: `${inline.logicalId}/` }],
        cache,
        options,
        given: { values: inline.supplied, by: `stack set ${inline.logicalId}` },
      });
      result.units.push(built.unit);
      appendAll(result.diagnostics, parsed.diagnostics);
      appendAll(result.diagnostics, built.diagnostics);
      result.analysed.add(inline.logicalId);
    } catch (error) {
      result.diagnostics.push(internalError({ file: document.file, range: inline.property.keyRange }, id, error));
    }
  }
  return result;
}
