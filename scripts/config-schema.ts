/**
 * Writes `schema/credlint.config.schema.json`, the JSON Schema of the configuration file, from the
 * rule metadata (`src/config/config-schema.ts`). `npm run schema` runs it (`npm run docs` too);
 * test/unit/config-schema.test.ts fails when the published file drifts from the rules.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/core/package-info.js';
import { SCHEMA_FILE } from '../src/config/config-schema.js';
import { CONFIG_SCHEMA } from '../src/config/rule-settings.js';

/** The file's text: the schema as 2-space JSON with a final newline. */
export function schemaText(): string {
  return `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = path.join(packageRoot(), SCHEMA_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, schemaText());
  process.stdout.write(`updated ${SCHEMA_FILE}\n`);
}
