/**
 * `importsBeyondProject` (the CDK source prefilter's look for imports of files outside the project,
 * `src/formats/cdk-source/imports-leaving.ts`): sound on the ways a specifier can be written, quiet on
 * strings that are no specifier, and linear in the text.
 */
import { describe, expect, it } from 'vitest';
import { importsBeyondProject } from '../../src/formats/cdk-source/imports-leaving.js';

const FILE = '/repo/app/bin/app.ts';
const MEMBERS = new Set(['/repo/app/bin/app.ts', '/repo/app/lib/stack.ts', '/repo/app/lib/index.ts']);
const beyond = (text: string) => importsBeyondProject(FILE, text, MEMBERS);

describe('importsBeyondProject', () => {
  it.each([
    "import { a } from '../../shared/users';",
    'import { a } from "../../shared/users";',
    "import '../../shared/side-effect';",
    "export * from '../../shared/users';",
    "import a = require('../../shared/users');",
    "const a = require ( '../../shared/users' );",
    "const a = await import('../../shared/users');",
    "import { a } from /* c */ '../../shared/users';",
    "import { a } from '\\x2e\\x2e/../shared/users';",
    "import { a } from '.\\./../shared/users';",
    "import { a } from '\\u{2e}./../shared/users';",
    "import { a } from './sub/other-project';",
    "import { a } from '../lib/missing';",
    "const q = `'`; import { a } from '../../shared/users';",
    "// it's\nimport { a } from '../../shared/users';",
  ])('finds %s', (text) => {
    expect(beyond(text)).toBe(true);
  });

  it.each([
    "import { Stack } from '../lib/stack';",
    "import { Stack } from '../lib/stack.js';",
    "import { Stack } from '../lib';",
    "import * as cdk from 'aws-cdk-lib';",
    "import names from '../../shared/names.json';",
    "const asset = path.join(__dirname, '../../lambda');",
    "const parts = name.split('.'); const dots = '...';",
    "new cdk.App({ outdir: './cdk.out' });",
  ])('passes over %s', (text) => {
    expect(beyond(text)).toBe(false);
  });

  it('is linear in the text, also on quotes and escapes that never close', () => {
    for (const unit of ['"..\\"', "from '../lib/stack';", "from '", "'./\\'"]) {
      const text = unit.repeat(Math.ceil(2_000_000 / unit.length));
      const started = Date.now();
      beyond(text);
      expect(Date.now() - started, unit).toBeLessThan(2_000);
    }
  });
});
