import { yamlLibrary } from '../core/yaml-library.js';
import type { ReindentedText } from './yaml-quoted-continuations.js';
import { MARKERS, closingQuote, indentOf, nodeIndentOf, withInsertions } from './yaml-quoted-continuations.js';

/**
 * Real templates (AWS Solutions among them) close a flow collection that spans lines at the indentation
 * of the key that opens it:
 *
 *     EmailMessage: !Join ["", [
 *       "Your username is {username}",
 *       Ref: AWS::Region
 *     ]]
 *
 * YAML 1.2 requires every line of a flow collection in block context to be indented past the enclosing
 * block (spec 7.4, `s-separate(n,c)` in flow context), so the `yaml` package reports "Flow sequence in
 * block collection must be sufficiently indented"; PyYAML, which cfn-lint uses, and CloudFormation read
 * it. This indents each line inside an outermost flow collection to one column past the node that the
 * line opening it starts (`nodeIndentOf`). Whitespace between flow entries is insignificant, and line
 * folding drops a continuation line's leading spaces, so the value read is PyYAML's. Returns undefined
 * when no line needs it.
 */
export function reindentFlowContinuations(text: string): ReindentedText | undefined {
  const insertions: { at: number; count: number }[] = [];
  let offset = 0;
  let resumeAt = 0;
  // The lexer finds where a flow collection starts (not inside a scalar or a comment); the collection is
  // then scanned as written, since the lexer ends it early at the first under-indented line.
  for (const token of new (yamlLibrary().Lexer)().lex(text)) {
    if (MARKERS.has(token)) continue;
    const start = offset;
    offset += token.length;
    if (start < resumeAt || (token !== '[' && token !== '{')) continue;
    const needed = nodeIndentOf(text, text.lastIndexOf('\n', start) + 1) + 1;
    const end = scanFlow(text, start, needed, insertions);
    if (end === undefined) return undefined;
    resumeAt = end + 1;
  }
  return withInsertions(text, insertions);
}

/**
 * Scans the flow collection opened at `start` to its closing bracket (plain scalars in flow context
 * cannot hold brackets; quoted scalars and comments are skipped), adding an insertion for each
 * non-blank line in it indented less than `needed`. Returns the offset of the closing bracket, or
 * undefined when the collection never closes (a broken file, reported as written).
 */
function scanFlow(text: string, start: number, needed: number, insertions: { at: number; count: number }[]): number | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return i;
    } else if (c === '"' || c === "'") {
      const close = closingQuote(text, i, c);
      if (close === undefined) return undefined;
      i = close;
    } else if (c === '#' && /[ \t\n]/.test(text[i - 1] ?? '\n')) {
      const lineEnd = text.indexOf('\n', i);
      if (lineEnd === -1) return undefined;
      i = lineEnd - 1;
    } else if (c === '\n') {
      const indent = indentOf(text, i + 1);
      const lineEnd = text.indexOf('\n', i + 1);
      const blank = /^[ \t\r]*$/.test(text.slice(i + 1, lineEnd === -1 ? text.length : lineEnd));
      if (!blank && indent < needed) insertions.push({ at: i + 1, count: needed - indent });
    }
  }
  return undefined;
}
