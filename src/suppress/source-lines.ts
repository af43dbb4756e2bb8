/**
 * The lines of a file as its language reads them, for suppression comments (README, "Suppressions"):
 * a directive is a comment, so a line that only looks like one — `# credlint-ignore …` inside a YAML
 * block scalar (a `UserData` script, a description), `// credlint-ignore …` inside a TypeScript
 * template literal — is string content and suppresses nothing, wherever it sits.
 *
 * - TypeScript and JavaScript break lines at LF, CRLF, CR, U+2028 and U+2029 (ECMAScript's line
 *   terminators, https://tc39.es/ecma262/#sec-line-terminators), which is how CDK source positions
 *   its statements (`src/cdk-source/source-location.ts`): a directive's line is counted the same way
 *   as the statement below it, so a U+2028 in a string earlier in the file cannot move a directive
 *   onto another statement. A line that starts inside a string or template literal (or JSX text) is
 *   not a comment.
 * - YAML: a line that starts inside a scalar (block, quoted or plain over several lines) is not a
 *   comment (https://yaml.org/spec/1.2.2/#66-comments).
 * - Other files (Terraform, JSON) keep `splitLines`: HCL and JSON strings do not hold a line break
 *   that could start a comment-looking line above a block (a heredoc ends with its own line).
 *
 * Strings are found with the language's own parser, only for a file that holds a directive-looking
 * line. A file the parser cannot take (it was analysed, so this does not happen in a scan) keeps
 * every such line.
 */
import { loneCarriageReturnsAsLineFeeds, splitLines } from '../core/source-text.js';
import { requireOptional } from '../core/optional-package.js';
import { yamlLibrary } from '../core/yaml-library.js';

const SCRIPT_FILE = /\.[cm]?[jt]sx?$/i;
const TERRAFORM_FILE = /\.(?:tf|tofu|tfvars|hcl)$/i;

function isScriptFile(file: string): boolean {
  return SCRIPT_FILE.test(file);
}

/** The lines of `text` as the file's language breaks them (see the file comment), without their breaks. */
export function sourceLines(file: string, text: string): string[] {
  return isScriptFile(file) ? text.split(/\r\n?|\n|\u2028|\u2029/) : splitLines(text);
}

/** The offset at which each line of `lines` (as `sourceLines` split `text`) starts. */
function lineStarts(text: string, lines: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length;
    // The break after the line: CRLF is two characters, any other one.
    at += text.startsWith('\r\n', at) ? 2 : 1;
  }
  return starts;
}

/** `[start, end)` offsets of the string content of a file, in any order. */
type Spans = readonly (readonly [number, number])[];

function scriptStrings(file: string, text: string): Spans {
  const ts = requireOptional('typescript');
  const kind = /x$/i.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const spans: [number, number][] = [];
  // An explicit stack: deeply nested code must not overflow the walk.
  const pending: import('typescript').Node[] = [source];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    )
      spans.push([node.getStart(source), node.end]);
    else
      ts.forEachChild(node, (child) => {
        pending.push(child);
      });
  }
  return spans;
}

function yamlStrings(text: string): Spans {
  const yaml = yamlLibrary();
  const spans: [number, number][] = [];
  for (const document of yaml.parseAllDocuments(loneCarriageReturnsAsLineFeeds(text), { uniqueKeys: false, strict: false })) {
    if (!('contents' in document)) continue;
    yaml.visit(document, {
      Scalar(_key, node) {
        if (node.range) spans.push([node.range[0], node.range[1]]);
      },
    });
  }
  return spans;
}

function stringSpans(file: string, text: string): Spans {
  if (isScriptFile(file)) return scriptStrings(file, text);
  if (TERRAFORM_FILE.test(file) || /^\s*[[{]/.test(text)) return [];
  return yamlStrings(text);
}

/**
 * The line numbers (1-based) among `candidates` that start inside a string of the file: their
 * first non-blank character lies after the start of a string's content and before its end.
 */
export function linesInsideStrings(file: string, text: string, lines: readonly string[], candidates: readonly number[]): Set<number> {
  const inside = new Set<number>();
  if (candidates.length === 0) return inside;
  let spans: Spans;
  try {
    spans = stringSpans(file, text);
  } catch {
    return inside;
  }
  if (spans.length === 0) return inside;
  // Strings do not overlap: the one that could hold an offset is the last to start before it.
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const starts = lineStarts(text, lines);
  for (const line of candidates) {
    const lineText = lines[line - 1] ?? '';
    const at = (starts[line - 1] ?? 0) + (lineText.length - lineText.trimStart().length);
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((sorted[middle]?.[0] ?? 0) < at) low = middle + 1;
      else high = middle;
    }
    const span = sorted[low - 1];
    if (span !== undefined && at < span[1]) inside.add(line);
  }
  return inside;
}
