import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { range } from '../core/location.js';
import { MAX_NESTING_DEPTH } from './check-nesting-depth.js';
import type { HclJson } from './hcl2json.js';
import { defaultPoolSize, HclParserPool, parseTimeoutMs } from './hcl-parser-pool.js';

/**
 * Starting a worker's Go WebAssembly runtime takes well under a second on an idle machine but
 * several on a loaded CI runner; a worker's first file gets this much extra time so that start-up is
 * never mistaken for a hang.
 */
const WORKER_STARTUP_ALLOWANCE_MS = 20_000;

/** `abandoned`: the scan deadline passed before the file was parsed (the caller reports that once, not per file). */
export type ParseHclResult = { readonly ok: true; readonly body: HclJson } | { readonly ok: false; readonly diagnostic: Diagnostic; readonly abandoned?: true };

/**
 * hcl2json reports errors as `parse config: [file.tf:2,7-3,1: Summary; Detail, file.tf:9,1-2: ...]`.
 * The first error's `line,column` is where the problem starts; its text becomes the message, with
 * positions it mentions (`/abs/path/main.tf:2,3-7`) shortened to `line 2` so no absolute path of the
 * machine leaks into the output (README, "Output formats"). Later errors usually follow from the first.
 */
export function diagnosticFromHclError(file: string, error: unknown): Diagnostic {
  const text = error instanceof Error ? error.message : String(error);
  const match = /:(\d+),(\d+)(?:-(?:(\d+),)?(\d+))?: ([^\]]*)/.exec(text);
  if (!match) return parseError({ file, range: range(1, 1, 1, 1) }, `cannot parse Terraform file: ${text}`);
  const line = Number(match[1]);
  const column = Number(match[2]);
  const first = (match[5] ?? text).split(/, (?=[^\s,]+:\d+,\d+(?:-(?:\d+,)?\d+)?: )/)[0] ?? '';
  const message = first
    .replace(/[^\s,;]+\.(?:tf|tofu)(?:\.json)?:(\d+),\d+(?:-(?:\d+,)?\d+)?/g, 'line $1')
    .replace(/;\s*/, ': ')
    .trim();
  return parseError({ file, range: range(line, column, line, column + 1) }, message);
}

let pool: HclParserPool | undefined;

/** Parses started ahead by `prefetchHcl`, taken (once) by the `parseHcl` call for the same file and text. */
const prefetched = new Map<string, { readonly text: string; readonly result: Promise<ParseHclResult> }>();

/**
 * Parses one `.tf` file's text with hcl2json in a worker thread (see `hcl-parser-pool.ts`). Never
 * throws and never hangs: nesting deeper than `MAX_NESTING_DEPTH` is rejected before parsing (by
 * the lexical check in `check-nesting-depth.ts`, run in the worker before hcl2json), and a
 * parser crash, `RangeError` or timeout (`parseTimeoutMs`: 10 s + 10 s per MiB) becomes a
 * `parse-error` diagnostic for this file while the scan goes on.
 */
export function parseHcl(file: string, text: string, deadline?: Deadline): Promise<ParseHclResult> {
  const ahead = prefetched.get(file);
  if (ahead) {
    prefetched.delete(file);
    // A parse abandoned at an earlier scan's deadline (a prefetch that scan never took) is not this one's answer.
    if (ahead.text === text)
      return ahead.result.then((result) => (!result.ok && result.abandoned && !deadline?.expired() ? parseNow(file, text, deadline) : result));
  }
  return parseNow(file, text, deadline);
}

/**
 * Starts parsing a file the caller knows will be parsed soon (the prefilter knows which `.tf` files
 * the Terraform loader will read), so that the workers run while the main thread classifies
 * templates and imports loaders. The result is used only if `parseHcl` later gets the same text.
 */
export function prefetchHcl(file: string, text: string, deadline?: Deadline): void {
  if (!prefetched.has(file)) prefetched.set(file, { text, result: parseNow(file, text, deadline) });
}

async function parseNow(file: string, text: string, deadline: Deadline | undefined): Promise<ParseHclResult> {
  pool ??= new HclParserPool(defaultPoolSize(), parseTimeoutMs, MAX_NESTING_DEPTH, WORKER_STARTUP_ALLOWANCE_MS);
  const outcome = await pool.parse(file, text, deadline);
  switch (outcome.kind) {
    case 'ok':
      return { ok: true, body: outcome.body };
    case 'too-deep':
      return {
        ok: false,
        diagnostic: parseError(
          { file, range: range(outcome.line, outcome.column, outcome.line, outcome.column + 1) },
          `nesting deeper than ${MAX_NESTING_DEPTH} levels; the file is not parsed`,
        ),
      };
    case 'syntax':
      return { ok: false, diagnostic: diagnosticFromHclError(file, outcome.message) };
    case 'failed':
      return { ok: false, diagnostic: outcome.diagnostic };
    case 'deadline':
      return { ok: false, diagnostic: parseError({ file, range: range(1, 1, 1, 1) }, 'not parsed: the scan deadline passed'), abandoned: true };
  }
}

/**
 * Starts a parser worker ahead of the first `parseHcl`, so that hcl2json's start-up (~0.2 s: the
 * WebAssembly module and Go runtime) overlaps the caller's own work. Cheap to call repeatedly.
 */
export function warmHclParser(): void {
  pool ??= new HclParserPool(defaultPoolSize(), parseTimeoutMs, MAX_NESTING_DEPTH, WORKER_STARTUP_ALLOWANCE_MS);
  pool.warm();
}

/** Whether a parser worker pool exists (hcl2json loaded or loading): tests check that scans without Terraform never start one. */
export function hclParserStarted(): boolean {
  return pool !== undefined;
}

/** Terminates the parser workers. Later `parseHcl` calls start new ones. */
export async function closeHclParser(): Promise<void> {
  const current = pool;
  pool = undefined;
  prefetched.clear();
  await current?.close();
}
