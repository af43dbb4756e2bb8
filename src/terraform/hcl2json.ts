/**
 * The only file that imports `@cdktf/hcl2json` (the parser of record for `.tf`). Upstream CDKTF is
 * deprecated, so it stays behind this one door. It is Go compiled to WebAssembly: slow (~1.5 s/MB),
 * blocking, and some inputs poison its runtime, so production code reaches it through the worker pool
 * in `parse-hcl.ts`, never directly.
 */
import { parse } from '@cdktf/hcl2json';

/** The JSON shape hcl2json produces: the same shape as Terraform's `.tf.json` syntax. */
export type HclJson = Record<string, unknown>;

export async function parseWithHcl2json(fileName: string, text: string): Promise<HclJson> {
  return (await parse(fileName, text)) as HclJson;
}
