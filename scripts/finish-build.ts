// The last step of `npm run build`, after `tsc`: the executable's mode; the `package.json` that
// makes Node load `dist/cjs` (the CommonJS copy of the CLI's code: `src/cli.ts`) as CommonJS, where
// the package's own `"type": "module"` would make its `.js` files ES modules; and, in each build, the
// one source written as JavaScript, `src/core/own-module.cjs` (it names its own file, so each build
// needs its own copy; tsc compiles TypeScript only), with its types beside the ES modules.
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';

for (const executable of ['dist/src/cli.cjs', 'dist/src/cli.js']) chmodSync(executable, 0o755);
writeFileSync('dist/cjs/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
for (const core of ['dist/src/core', 'dist/cjs/src/core']) copyFileSync('src/core/own-module.cjs', `${core}/own-module.cjs`);
copyFileSync('src/core/own-module.d.cts', 'dist/src/core/own-module.d.cts');
