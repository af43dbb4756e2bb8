/**
 * `--parameter` (and configuration `parameters`) names that no scanned template mentions: a
 * CloudFormation parameter value for a name the template does not declare is refused by CloudFormation
 * ("Parameters: [X] do not exist in the template"), so the name is probably mistyped. A warning
 * (`undeclared-parameter`) at the first template, with the nearest name found.
 *
 * Decided on the raw text of the data files (templates, CDK assembly templates) before any prefilter,
 * so the answer is the same with and without it; a name that appears as a word in any of them gets no
 * warning, which errs on the side of silence. At most 20 names are listed (`undeclared-names.ts`).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { UNDECLARED_PARAMETER } from '../core/finding.js';
import type { FileReader } from '../io/file-reader.js';
import { undeclaredNameWarnings } from './undeclared-names.js';

const DATA_FILE = /\.(json|ya?ml|template)$/i;
const WORD = /[A-Za-z][A-Za-z0-9]*/g;

export function undeclaredParameters(parameters: Readonly<Record<string, string>>, files: readonly string[], reader: FileReader): Diagnostic[] {
  const wanted = new Set(Object.keys(parameters));
  if (wanted.size === 0) return [];
  const words = new Set<string>();
  let firstTemplate: string | undefined;
  // How many wanted names no template has mentioned yet: counted down as words are met, so a scan of
  // many templates and many names stops at the template that mentions the last one.
  let missing = wanted.size;
  for (const file of [...files].filter((f) => DATA_FILE.test(f)).sort()) {
    const read = reader.readSource(file);
    if (!read.ok || !read.text.includes('Resources')) continue;
    firstTemplate ??= file;
    for (const match of read.text.matchAll(WORD)) {
      if (words.has(match[0])) continue;
      words.add(match[0]);
      if (wanted.has(match[0])) missing -= 1;
    }
    if (missing === 0) return [];
  }
  if (firstTemplate === undefined) return [];
  return undeclaredNameWarnings({
    at: firstTemplate,
    ruleId: UNDECLARED_PARAMETER,
    names: [...wanted].filter((name) => !words.has(name)),
    candidates: [...words],
    message: (shown, near) =>
      `--parameter ${shown}: no scanned template declares parameter "${shown}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; CloudFormation would refuse the value (--parameter or the configuration's "parameters")`,
    rest: (count) => `${count} more --parameter names that no scanned template declares are not listed (--parameter or the configuration's "parameters")`,
  });
}
