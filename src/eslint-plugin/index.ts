import type { CredlintPlugin } from './plugin.js';
import { pluginModule } from './load-plugin.js';

export type { CredlintPlugin } from './plugin.js';

/**
 * The flat-config ESLint plugin `credlint/eslint-plugin` (docs/eslint-plugin.md):
 * `import credlint from 'credlint/eslint-plugin'; export default [credlint.configs.recommended];`.
 * Rule names are `credlint/<id>`. Its code is required from credlint's CommonJS copy (`load-plugin.ts`).
 */
const plugin: CredlintPlugin = pluginModule().default;

export default plugin;
