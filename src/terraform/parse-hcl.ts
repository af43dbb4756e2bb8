import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { range } from '../core/location.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../core/limits.js';
import { LineIndex } from '../core/source-text.js';
import {
  parseNativeArguments,
  parseNativeHcl,
  type HclBody,
  type NativeAttribute,
  type NativeParseFailure,
  type Selection,
} from './native/parse-native-hcl.js';
import type { LocatedFile } from './locate/located-file.js';

export type { NativeAttribute, Selection };

/** A `.tf` file's body in Terraform's JSON shape (https://developer.hashicorp.com/terraform/language/syntax/json). */
export type HclJson = HclBody;

/** `abandoned`: the scan deadline passed before the file was parsed (the caller reports that once, not per file). */
export type ParseHclResult =
  | { readonly ok: true; readonly body: HclJson; readonly located: LocatedFile }
  | { readonly ok: false; readonly diagnostic: Diagnostic; readonly abandoned?: true };

/**
 * Parses one `.tf` file's text (BOM removed) in process (`native/parse-native-hcl.ts`). Never throws
 * and never hangs: a syntax error, nesting deeper than the parser's limits, or any other failure
 * becomes a `parse-error` diagnostic at the line and column where parsing stopped. Each call first
 * yields one turn of the event loop, so that the scan deadline's timer can fire between files; a
 * file reached after the deadline is not parsed. `located` is where the file's blocks are, from the
 * parser's own positions. With `only`, the body holds only what it selects (`parseNativeHcl`), and
 * `located` the selected blocks; the file is checked whole all the same.
 */
export async function parseHcl(file: string, text: string, deadline?: Deadline, only?: Selection, limits: Limits = DEFAULT_LIMITS): Promise<ParseHclResult> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (deadline?.expired()) {
    return { ok: false, diagnostic: parseError({ file, range: range(1, 1, 1, 1) }, 'not parsed: the scan deadline passed'), abandoned: true };
  }
  return diagnosed(file, text, limits, () => parseNativeHcl(text, only, limits.parseNodes));
}

/**
 * The result of a native parse, with a failure made a `parse-error` diagnostic where parsing stopped
 * (a thrown error, which the parser does not throw by design, at the file's start); a file with more
 * nodes than `parseNodes` is the limit's diagnostic at the node past it.
 */
function diagnosed<T extends { readonly ok: true }>(
  file: string,
  text: string,
  limits: Limits,
  parse: () => T | NativeParseFailure,
): T | { readonly ok: false; readonly diagnostic: Diagnostic } {
  let result: ReturnType<typeof parse>;
  try {
    result = parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, diagnostic: parseError({ file, range: range(1, 1, 1, 2) }, `cannot parse Terraform file: ${message}`) };
  }
  if (result.ok) return result;
  const start = new LineIndex(text).position(Math.min(Math.max(result.offset, 0), text.length));
  const location = { file, range: range(start.line, start.column, start.line, start.column + 1) };
  if (result.nodesSpent === true) {
    return {
      ok: false,
      diagnostic: limitReached(location, 'parseNodes', limits, 'the file has too many blocks, attributes and expressions to parse; it is not analysed'),
    };
  }
  return { ok: false, diagnostic: parseError(location, result.message) };
}

export type ParseArgumentsResult =
  | { readonly ok: true; readonly attributes: readonly NativeAttribute[]; readonly blocks: readonly { readonly type: string; readonly offset: number }[] }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

/**
 * Parses a variable definitions file (`.tfvars`) as arguments (`parseNativeArguments`); a syntax error
 * is a `parse-error` diagnostic where parsing stopped, as `parseHcl` reports it.
 */
export function parseHclArguments(file: string, text: string, limits: Limits = DEFAULT_LIMITS): ParseArgumentsResult {
  return diagnosed(file, text, limits, () => parseNativeArguments(text, limits.parseNodes));
}
