/** Messages between `hcl-parser-pool.ts` (main thread) and `hcl-worker.ts` (worker thread). */

export interface ParseRequest {
  readonly id: number;
  readonly file: string;
  readonly text: string;
  /** Texts nested deeper are refused without calling hcl2json. */
  readonly maxDepth: number;
}

export type ParseResponse =
  /** hcl2json parsed the file. */
  | { readonly id: number; readonly kind: 'ok'; readonly body: Record<string, unknown> }
  /** Nested deeper than `MAX_NESTING_DEPTH`: rejected before hcl2json saw it. */
  | { readonly id: number; readonly kind: 'too-deep'; readonly line: number; readonly column: number }
  /** hcl2json rejected the file (`parse config: [...]`) or threw (e.g. a `RangeError`). */
  | { readonly id: number; readonly kind: 'error'; readonly name: string; readonly message: string }
  /** The Go runtime inside hcl2json died (fatal error or panic); the worker must be replaced. */
  | { readonly id: number; readonly kind: 'crash'; readonly detail: string };
