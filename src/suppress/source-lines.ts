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
 *   that could start a comment-looking line above a block (a heredoc ends with its own line). Text
 *   that starts like JSON but is not JSON is YAML in flow style, whose quoted strings do.
 *
 * Strings are found with the language's own parser, only for a file that holds a directive-looking
 * line. A file the parser cannot take (it was analysed, so this does not happen in a scan) keeps
 * every such line.
 */
import { loneCarriageReturnsAsLineFeeds, splitLines } from '../core/source-text.js';
import { requireTypeScript } from '../core/optional-package.js';
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
  const ts = requireTypeScript();
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

/** Templates written inline in templates written inline, read for their comments: a stack set's body declaring a stack set. */
const MAX_INLINE_TEMPLATE_DEPTH = 4;

/**
 * The string spans of a YAML file. A stack set's template written inline as a literal block
 * (`TemplateBody: |`) is analysed as a template of its own, at the lines the block writes it
 * (README, "What is analysed"), so its lines are YAML too: its comments are comments (a directive
 * above one of its resources suppresses as in any template), and only its own strings are strings.
 */
function yamlStrings(text: string, depth = 0): Spans {
  const yaml = yamlLibrary();
  const spans: (readonly [number, number])[] = [];
  const source = loneCarriageReturnsAsLineFeeds(text);
  for (const document of yaml.parseAllDocuments(source, { uniqueKeys: false, strict: false })) {
    if (!('contents' in document)) continue;
    yaml.visit(document, {
      Pair(_key, pair) {
        const { key, value } = pair;
        if (depth >= MAX_INLINE_TEMPLATE_DEPTH || !yaml.isScalar(key) || key.value !== 'TemplateBody') return undefined;
        if (!yaml.isScalar(value) || value.type !== 'BLOCK_LITERAL' || !value.range) return undefined;
        const inner = literalBlockStrings(source, value.range[0], value.range[1], depth);
        if (inner === undefined) return undefined;
        for (const span of inner) spans.push(span);
        return yaml.visit.SKIP;
      },
      Scalar(_key, node) {
        if (node.range) spans.push([node.range[0], node.range[1]]);
      },
    });
  }
  return spans;
}

/**
 * The string spans of the YAML a literal block scalar holds (its header at `start`, its content up to
 * `end`), as offsets of the file: each line of the block is the body's line, indented. Undefined when
 * the block has no indented content.
 */
function literalBlockStrings(text: string, start: number, end: number, depth: number): Spans | undefined {
  const firstLine = text.indexOf('\n', start) + 1;
  if (firstLine === 0 || firstLine >= end) return undefined;
  const starts: number[] = [];
  for (let at = firstLine; at < end; at = text.indexOf('\n', at) + 1 || end) starts.push(at);
  const lines = starts.map((at) => text.slice(at, Math.min(end, (text.indexOf('\n', at) + 1 || end) - 1)).replace(/\r$/, ''));
  const indent = /^ */.exec(lines.find((line) => line.trim() !== '') ?? '')?.[0].length ?? 0;
  if (indent === 0) return undefined;
  const body = lines.map((line) => line.slice(indent));
  const bodyStarts: number[] = [];
  let offset = 0;
  for (const line of body) {
    bodyStarts.push(offset);
    offset += line.length + 1;
  }
  // A body offset is on some body line, that many columns right of the block's indentation.
  const toFile = (at: number): number => {
    // The last body line starting at or before `at` (binary search: a body may hold thousands of strings).
    let low = 0;
    let high = bodyStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((bodyStarts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    return (starts[low] ?? end) + indent + (at - (bodyStarts[low] ?? 0));
  };
  return yamlStrings(body.join('\n'), depth + 1).map(([from, to]) => [toFile(from), toFile(to)] as const);
}

/** Whether `text` is JSON, whose strings never hold a line break. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON (a `.json` file, read as JSON only) has no string over several lines. Any other data file is
 * YAML unless it is JSON: a template in YAML's flow style starts with `{` like JSON, and CloudFormation
 * reads it as YAML (`"TopicName": "a⏎# credlint-ignore …"` is one string over two lines).
 */
function stringSpans(file: string, text: string): Spans {
  if (isScriptFile(file)) return scriptStrings(file, text);
  if (TERRAFORM_FILE.test(file) || /\.json$/i.test(file)) return [];
  if (/^\s*[[{]/.test(text) && isJson(text)) return [];
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
