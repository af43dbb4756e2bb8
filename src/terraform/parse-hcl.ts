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
  type NativeParseResult,
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
 * The parses of one selection (`Selection`) in one pass over many files, shared by the files of the
 * same text. A parse is a function of the text, the selection and the node limit alone: the file's
 * name enters only the diagnostic made of a failure (`diagnosed`), so a file identical to one parsed
 * before gets that parse's result, failure offset and message included. Monorepos copy files from
 * module to module (the perf corpus's 1,672 files parsed for their module calls' notes hold 205
 * copies of one `context.tf`; 43 % of their bytes are copies), and checking a file whole is most of
 * what those notes cost (docs/performance.md). The results are read, never changed, by whoever
 * receives them. At most `maxChars` characters of text are kept as keys (a hostile repository of large
 * distinct files then costs no more memory than that); past it, files are parsed as they come.
 */
export class SharedParses {
  private readonly results = new Map<string, NativeParseResult>();
  private chars = 0;
  /** The node limit of the parses kept (the first parse's): a parse under another limit is not shared. */
  private maxNodes: number | undefined;

  constructor(
    readonly only: Selection,
    private readonly maxChars = 8 * 1024 * 1024,
  ) {}

  parse(text: string, maxNodes: number): NativeParseResult {
    const known = this.results.get(text);
    if (known !== undefined && this.maxNodes === maxNodes) return known;
    const result = parseNativeHcl(text, this.only, maxNodes);
    this.maxNodes ??= maxNodes;
    if (this.maxNodes === maxNodes && this.chars + text.length <= this.maxChars) {
      this.results.set(text, result);
      this.chars += text.length;
    }
    return result;
  }
}

/**
 * Parses one `.tf` file's text (BOM removed) in process (`native/parse-native-hcl.ts`). Never throws
 * and never hangs: a syntax error, nesting deeper than the parser's limits, or any other failure
 * becomes a `parse-error` diagnostic at the line and column where parsing stopped. Each call first
 * yields one turn of the event loop, so that the scan deadline's timer can fire between files; a
 * file reached after the deadline is not parsed. `located` is where the file's blocks are, from the
 * parser's own positions. With `only`, the body holds only what it selects (`parseNativeHcl`), and
 * `located` the selected blocks; the file is checked whole all the same. Given `SharedParses`, its
 * selection, and a file of a text it parsed before gets that parse.
 */
export async function parseHcl(
  file: string,
  text: string,
  deadline?: Deadline,
  only?: Selection | SharedParses,
  limits: Limits = DEFAULT_LIMITS,
): Promise<ParseHclResult> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (deadline?.expired()) {
    return { ok: false, diagnostic: parseError({ file, range: range(1, 1, 1, 1) }, 'not parsed: the scan deadline passed'), abandoned: true };
  }
  if (only instanceof SharedParses) return diagnosed(file, text, limits, () => only.parse(text, limits.parseNodes));
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
