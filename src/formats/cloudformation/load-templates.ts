import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { notAnalysedByDeadline } from '../../core/deadline.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import type { DeploymentUnit } from '../../model/model.js';
import { TemplateCache, buildUnitFromDocuments, nestedFilesOf } from '../../cloudformation/build-template-unit.js';
import { certainlyCloudFormation, isTemplateDocument, looksLikeCloudFormation } from '../../cloudformation/detect-template.js';
import type { TemplateDocument } from '../../cloudformation/template-node.js';
import type { LoadOptions, LoadResult } from '../load-options.js';

function unitId(document: TemplateDocument, cwd: string): string {
  const relative = path.relative(cwd, document.file).split(path.sep).join('/');
  return `cloudformation:${relative}${document.documentCount > 1 ? `#${document.index}` : ''}`;
}

/**
 * The template documents that start a unit: those no other given template nests. Templates that only
 * nest each other (a loop) still get one unit, started at the first of them.
 */
function rootDocuments(documents: readonly TemplateDocument[]): TemplateDocument[] {
  const byFile = new Map<string, TemplateDocument[]>();
  for (const d of documents) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const edges = new Map(documents.map((d) => [d, nestedFilesOf(d).filter((f) => f !== d.file)]));
  const nestedSomewhere = new Set([...edges.values()].flat());
  const roots = documents.filter((d) => !nestedSomewhere.has(d.file));
  const covered = new Set<string>();
  const cover = (d: TemplateDocument) => {
    const stack = [d.file];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (covered.has(file)) continue;
      covered.add(file);
      for (const doc of byFile.get(file) ?? []) stack.push(...(edges.get(doc) ?? []));
    }
  };
  roots.forEach(cover);
  for (const d of documents) {
    if (covered.has(d.file)) continue;
    roots.push(d);
    cover(d);
  }
  return roots;
}

/**
 * Loads CloudFormation/SAM templates: one deployment unit per template document (README, "What is analysed"), including
 * its nested stacks whose template is a local file. A YAML file with several documents gives one unit
 * per template document (`cloudformation:<path>#<n>`): CloudFormation itself accepts one document per
 * template, so each is taken as a separate template. A template that another scanned template nests is
 * analysed as part of that parent only. Never throws.
 */
export async function loadCloudFormation(files: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const read = options.reader.readSource(file);
    if (read.ok) texts.set(file, read.text);
    else diagnostics.push(read.diagnostic);
  }
  const cache = new TemplateCache(texts, options.reader, options.limits);
  const documents: TemplateDocument[] = [];
  for (const file of texts.keys()) {
    // Past the deadline no template is analysed (units need their nested templates parsed first).
    if (options.deadline?.expired()) {
      const first = texts.keys().next().value as string;
      diagnostics.push(notAnalysedByDeadline({ file: first, range: FILE_START }, options.limits, texts.size, 'CloudFormation template'));
      return { units: [], diagnostics };
    }
    try {
      const parsed = cache.parse(file);
      const templates = parsed.documents.filter((d) => isTemplateDocument(d.root));
      // A file recognised only by the broad sniff (YAML that names `Resources` and an AWS type in some
      // unusual form) is a template only if it parses as one; else it is some other YAML file, whose
      // syntax is not credlint's business. A budget that ran out is reported whatever the file is.
      const text = texts.get(file) ?? '';
      const reportSyntax = templates.length > 0 || certainlyCloudFormation(file, text) || !looksLikeCloudFormation(file, text);
      diagnostics.push(...parsed.diagnostics.filter((d) => reportSyntax || d.message.startsWith('analysis limit reached')));
      documents.push(...templates);
    } catch (error) {
      diagnostics.push(internalError({ file, range: FILE_START }, `cloudformation:${path.relative(options.cwd, file).split(path.sep).join('/')}`, error));
    }
  }
  const units: DeploymentUnit[] = [];
  const emit = options.unitLoaded ?? ((unit: DeploymentUnit) => units.push(unit));
  const seen = new Set<string>();
  const roots = rootDocuments(documents);
  for (const [index, document] of roots.entries()) {
    if (options.deadline?.expired()) {
      diagnostics.push(notAnalysedByDeadline({ file: document.file, range: FILE_START }, options.limits, roots.length - index, 'CloudFormation template'));
      break;
    }
    try {
      const built = buildUnitFromDocuments({
        unitId: unitId(document, options.cwd),
        format: 'cloudformation',
        root: document.file,
        stacks: [{ document }],
        cache,
        options,
      });
      emit(built.unit);
      for (const d of built.diagnostics) {
        const key = `${d.location.file}\0${d.location.range.start.line}:${d.location.range.start.column}\0${d.message}`;
        if (!seen.has(key)) diagnostics.push(d);
        seen.add(key);
      }
    } catch (error) {
      // A bug met in one template costs that unit only.
      diagnostics.push(internalError({ file: document.file, range: FILE_START }, unitId(document, options.cwd), error));
    }
  }
  return { units, diagnostics };
}
