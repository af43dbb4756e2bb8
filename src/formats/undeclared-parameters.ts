/**
 * `--parameter` (and configuration `parameters`) names that no scanned template mentions: a
 * CloudFormation parameter value for a name the template does not declare is refused by CloudFormation
 * ("Parameters: [X] do not exist in the template"), so the name is probably mistyped. A warning
 * (`undeclared-parameter`) at the first template, with the nearest name found.
 *
 * Decided on the raw text of the data files (templates, CDK assembly templates) before any prefilter,
 * so the answer is the same with and without it; a name that appears as a word in any of them gets no
 * warning, which errs on the side of silence.
 */
import { didYouMean } from '../core/did-you-mean.js';
import { boundedPlaceholder } from '../core/rule-meta.js';
import { warning, type Diagnostic } from '../core/diagnostic.js';
import { UNDECLARED_PARAMETER } from '../core/finding.js';
import { FILE_START } from '../core/location.js';
import type { FileReader } from '../io/file-reader.js';

const DATA_FILE = /\.(json|ya?ml|template)$/i;
const WORD = /[A-Za-z][A-Za-z0-9]*/g;

export function undeclaredParameters(parameters: Readonly<Record<string, string>>, files: readonly string[], reader: FileReader): Diagnostic[] {
  const wanted = Object.keys(parameters);
  if (wanted.length === 0) return [];
  const words = new Set<string>();
  let firstTemplate: string | undefined;
  for (const file of [...files].filter((f) => DATA_FILE.test(f)).sort()) {
    const read = reader.readSource(file);
    if (!read.ok || !read.text.includes('Resources')) continue;
    firstTemplate ??= file;
    for (const match of read.text.matchAll(WORD)) words.add(match[0]);
    if (wanted.every((name) => words.has(name))) return [];
  }
  if (firstTemplate === undefined) return [];
  const at = firstTemplate;
  return wanted
    .filter((name) => !words.has(name))
    .map((name) => {
      const near = didYouMean(name, [...words]);
      // The name may come from a committed configuration file: bounded like a finding's names.
      const shown = boundedPlaceholder(name);
      return warning(
        { file: at, range: FILE_START },
        UNDECLARED_PARAMETER,
        `--parameter ${shown}: no scanned template declares parameter "${shown}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; CloudFormation would refuse the value (--parameter or the configuration's "parameters")`,
      );
    });
}
