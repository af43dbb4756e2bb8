import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { range } from '../core/location.js';
import { parseWithHcl2json, type HclJson } from './hcl2json.js';

export type ParseHclResult = { readonly ok: true; readonly body: HclJson } | { readonly ok: false; readonly diagnostic: Diagnostic };

/**
 * hcl2json reports errors as `parse config: [file.tf:2,7-3,1: Summary; Detail]`; the first
 * `line,column` is where the problem starts.
 */
export function diagnosticFromHclError(file: string, error: unknown): Diagnostic {
  const text = error instanceof Error ? error.message : String(error);
  const match = /:(\d+),(\d+)(?:-(?:(\d+),)?(\d+))?: ([^\]]*)/.exec(text);
  if (!match) return parseError({ file, range: range(1, 1, 1, 1) }, `cannot parse Terraform file: ${text}`);
  const line = Number(match[1]);
  const column = Number(match[2]);
  const message = (match[5] ?? text).replace(/;\s*/, ': ').trim();
  return parseError({ file, range: range(line, column, line, column + 1) }, message);
}

/** Parses one `.tf` file's text. Never throws. */
export async function parseHcl(file: string, text: string): Promise<ParseHclResult> {
  try {
    return { ok: true, body: await parseWithHcl2json(file, text) };
  } catch (error) {
    return { ok: false, diagnostic: diagnosticFromHclError(file, error) };
  }
}
