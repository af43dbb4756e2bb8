/**
 * Found by attacking the CLI with one large file: a module config located each local by searching
 * every attribute of every `locals` block, so 200,000 locals in one block ran for minutes (past a CI
 * job's patience, with no report); 20,000 `locals` blocks of one local each were as slow.
 */
import { describe, expect, it } from 'vitest';
import { buildModuleConfig } from '../../src/terraform/module/module-config.js';
import { parseHcl } from '../../src/terraform/parse-hcl.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';

/** The module config of one file, and how long merging it took (parsing excluded). */
async function timedConfig(text: string): Promise<{ config: ReturnType<typeof buildModuleConfig>; ms: number }> {
  const result = await parseHcl('/m/main.tf', text);
  if (!result.ok) throw new Error(result.diagnostic.message);
  const file = { file: '/m/main.tf', syntax: 'hcl', body: result.body, located: result.located ?? locateHclBlocks(text) } as const;
  const started = performance.now();
  const config = buildModuleConfig('/m', [file]);
  return { config, ms: performance.now() - started };
}

describe('buildModuleConfig on many locals', () => {
  const count = 60_000;

  it('locates every local of one large locals block in linear time', async () => {
    const text = `locals {\n${Array.from({ length: count }, (_, i) => `  a${i} = ${i}\n`).join('')}}\n`;
    const { config, ms } = await timedConfig(text);
    expect(ms).toBeLessThan(3_000);
    expect(config.locals.size).toBe(count);
    expect(config.locals.get(`a${count - 1}`)?.attribute?.nameRange.start).toEqual({ line: count + 1, column: 3 });
  }, 60_000);

  it('locates every local of many locals blocks in linear time, the first declaration winning', async () => {
    const blocks = Array.from({ length: count / 3 }, (_, i) => `locals {\n  a${i} = ${i}\n}\n`).join('');
    const { config, ms } = await timedConfig(`${blocks}locals {\n  a0 = "again"\n}\n`);
    expect(ms).toBeLessThan(3_000);
    expect(config.locals.size).toBe(count / 3);
    expect(config.locals.get(`a${count / 3 - 1}`)?.attribute?.nameRange.start).toEqual({ line: count - 1, column: 3 });
    expect(config.locals.get('a0')?.attribute?.nameRange.start).toEqual({ line: 2, column: 3 });
  }, 60_000);
});
