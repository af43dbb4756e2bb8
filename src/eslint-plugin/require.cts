/**
 * `require('credlint/eslint-plugin')`, for an `eslint.config.cjs` (docs/eslint-plugin.md): the plugin
 * itself, as `import credlint from 'credlint/eslint-plugin'` gives it. Node's `require` of the ES module
 * would give its namespace, whose `configs` is undefined. The object is the one the ES module exports
 * (Node keeps one instance of a module for `import` and `require`), so a config may name the plugin in
 * `plugins` beside `recommended` without ESLint seeing two plugins called `credlint`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this entry is CommonJS by design: `export =` needs it.
import esm = require('./index.js');

export = esm.default;
