import type { Diagnostic } from '../core/diagnostic.js';
import { limitReached, type Limits } from '../core/limits.js';
import type { Position } from '../core/location.js';
import { bomLength, LineIndex, withoutBom } from '../core/source-text.js';

/**
 * A `parse-error` when `text` has more tokens than `limits.typescriptTokens`, at the first token past
 * the limit; undefined when it may be parsed. TypeScript's syntax tree takes about 150 bytes per token
 * (measured: 2M tokens, 240 MB of heap), so a 10 MB array literal would need gigabytes: the tokens are
 * counted with TypeScript's scanner, which keeps nothing, before the parser builds anything. A file
 * with no more characters than the limit cannot have more tokens, and is not scanned.
 */
export function overTokenBudget(ts: typeof import('typescript'), file: string, text: string, limits: Limits): Diagnostic | undefined {
  const limit = limits.typescriptTokens;
  if (text.length <= limit) return undefined;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  let tokens = 0;
  while (scanner.scan() !== ts.SyntaxKind.EndOfFileToken) {
    tokens += 1;
    if (tokens > limit) {
      const start = positionAt(text, scanner.getTokenStart());
      const location = { file, range: { start, end: positionAt(text, scanner.getTokenEnd()) } };
      return limitReached(location, 'typescriptTokens', limits, `the file has more than ${limit} tokens; it is not parsed`);
    }
  }
  return undefined;
}

/** The 1-based line and UTF-16 column of an offset (a BOM is not counted: `core/source-text.ts`). */
function positionAt(text: string, offset: number): Position {
  return new LineIndex(withoutBom(text)).position(offset - bomLength(text));
}
