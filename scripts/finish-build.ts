// The last step of `npm run build`, after `tsc`: the executable's mode, and the `package.json` that
// makes Node load `dist/cjs` (the CommonJS copy of the CLI's code: `src/cli.ts`) as CommonJS, where
// the package's own `"type": "module"` would make its `.js` files ES modules.
import { chmodSync, writeFileSync } from 'node:fs';

chmodSync('dist/src/cli.js', 0o755);
writeFileSync('dist/cjs/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
