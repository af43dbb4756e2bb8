/**
 * The templates a changed template belongs to (a file argument): the templates that nest it, and, for
 * a snippet, the templates that insert it with `AWS::Include` or Rain's `!Rain::Include`
 * (`src/cloudformation/template-includes.ts`),
 * found lexically (see `src/formats/terraform/module-callers.ts` for the search).
 */
import { dirname, resolve } from 'node:path';
import type { Deadline } from '../../core/deadline.js';
import type { FileReader } from '../../io/file-reader.js';
import type { AncestorSearch } from '../../discover/walk-rules.js';
import { addEdge, ancestors, DEADLINE_CHECK_EVERY, RealPaths } from '../ancestor-graph.js';
import { bytesHoldSeed, decodeEscapes, hasEscapeMarker } from '../../core/seed-text.js';
import { NESTED_STACK_WORDS } from './template-words.js';

/** Files a nested template may be, as the walk collects them. */
export const TEMPLATE_CANDIDATE = /\.(?:json|ya?ml|template)$/;

/**
 * Properties naming a nested stack's template (`AWS::CloudFormation::Stack`; SAM
 * `AWS::Serverless::Application`) or a snippet (the `Location` of an `AWS::Include`).
 */
const TEMPLATE_PROPERTY_VALUE = /(?:TemplateURL|Location)["']?[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'{[!&*|>#,][^\n#,}]*))/g;

/** Rain's `!Rain::Include <path>`, which `rain pkg` replaces with the file (`src/cloudformation/template-includes.ts`). */
const RAIN_INCLUDE_VALUE = /!Rain::Include[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'{[!&*|>#,][^\n#,}]*))/g;

/**
 * The local template and snippet paths a template's text names in `TemplateURL`/`Location` (and the
 * files of its `!Rain::Include`s), as the
 * loader follows them (`src/cloudformation/nested-template-path.ts`, `template-includes.ts`: a literal
 * that is not a URL, relative to the template's directory). Another resource's `Location` adds an edge
 * too, which only adds a template that names the file to the scan. Escapes are decoded first.
 */
export function namedTemplatePaths(raw: string): string[] {
  const text = hasEscapeMarker(raw) ? decodeEscapes(raw) : raw;
  const paths: string[] = [];
  for (const match of [...text.matchAll(TEMPLATE_PROPERTY_VALUE), ...text.matchAll(RAIN_INCLUDE_VALUE)]) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (value === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    paths.push(value);
  }
  return paths;
}

/** What a template that nests a template or includes a snippet or a Rain file spells (a Rain file including another, too). */
const PARENT_WORDS: readonly string[] = [...NESTED_STACK_WORDS, 'AWS::Include', 'Rain::Include'];

/**
 * The templates that nest or include (transitively) the files `changed`, among the `walked` files
 * (real path → path as listed). Only a file naming a nested stack type or `AWS::Include` is decoded
 * and scanned for paths.
 */
export function templateParents(
  changed: readonly string[],
  walked: ReadonlyMap<string, string>,
  reader: FileReader,
  deadline: Deadline | undefined,
): AncestorSearch {
  const real = new RealPaths();
  const parents = new Map<string, string[]>();
  const listedByReal = new Map<string, string>();
  let deadlinePassed = false;
  let index = 0;
  for (const [parent, file] of walked) {
    index += 1;
    if (index % DEADLINE_CHECK_EVERY === 0 && deadline?.expired()) {
      deadlinePassed = true;
      break;
    }
    if (!TEMPLATE_CANDIDATE.test(file)) continue;
    const read = reader.readBytes(file);
    if (!read.ok || !bytesHoldSeed(read.bytes, PARENT_WORDS)) continue;
    listedByReal.set(parent, file);
    for (const path of namedTemplatePaths(read.bytes.toString('utf8'))) addEdge(parents, real.of(resolve(dirname(file), path)), parent);
  }
  const found = ancestors([...new Set(changed.map((file) => real.of(file)))], parents);
  return { files: [...found].map((parent) => listedByReal.get(parent) ?? parent), deadlinePassed };
}
