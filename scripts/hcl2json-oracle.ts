/**
 * `@cdktf/hcl2json` (Go's HCL compiled to WebAssembly), a development dependency only: the oracle the
 * in-process parser (`src/terraform/native/`) is checked against (`test/process/terraform-native-parser-corpus.test.ts`),
 * and the naive baseline of `npm run bench`. Nothing shipped imports it.
 */
import { parse } from '@cdktf/hcl2json';

/** The JSON shape hcl2json produces: the same shape as Terraform's `.tf.json` syntax. */
export type HclJson = Record<string, unknown>;

export async function parseWithHcl2json(fileName: string, text: string): Promise<HclJson> {
  return (await parse(fileName, text)) as HclJson;
}
