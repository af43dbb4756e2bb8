/**
 * A TypeScript file may hold a NUL character: ECMAScript source text is any sequence of code points,
 * and `tsc`, Node and the ESLint plugin's program read a NUL inside a string literal as text (outside
 * one it is TypeScript's syntax error "Invalid character."). The CDK source loader refused such a file
 * as binary content, so its app went unanalysed behind a parse error while the ESLint plugin reported
 * its keys. A JSON file an app imports stays refused: JSON allows no raw NUL (RFC 8259).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const KEYS =
  "import { Stack } from 'aws-cdk-lib';\nimport { AccessKey, User } from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
  'export class Keys extends Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
  "    const user = new User(this, 'Ci', { userName: 'ci' });\n    new AccessKey(this, 'Key', { user });\n    new AccessKey(this, 'NextKey', { user });\n  }\n}\n";

async function findings(files: Record<string, string>, prefilter = true): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', 'cdk.json': '{"app": "npx ts-node --prefer-ts-exts bin/main.ts"}', ...files },
    'credlint-nul-character-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, prefilter });
  return result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const TWO_KEYS = 'multiple-active-access-keys lib/keys.ts:9 IAM user "ci" has 2 active access keys (Keys/Key, Keys/NextKey); at most one may be active.';

describe('a NUL character in a CDK TypeScript source', () => {
  it('inside a string literal of the entry, is text: the app is analysed', async () => {
    expect(
      await findings({
        'bin/main.ts':
          "import { App } from 'aws-cdk-lib';\nimport { Keys } from '../lib/keys';\nconst SEP = '\u0000';\nnew Keys(new App(), SEP.length === 1 ? 'Keys' : 'Other');\n",
        'lib/keys.ts': KEYS,
      }),
    ).toEqual([TWO_KEYS]);
  });

  it('inside a template literal of an imported file, is text', async () => {
    expect(
      await findings({
        'bin/main.ts': "import { App } from 'aws-cdk-lib';\nimport { Keys } from '../lib/keys';\nnew Keys(new App(), 'Keys');\n",
        'lib/keys.ts': `export const MARK = \`\u0000\`;\n${KEYS}`,
      }),
    ).toEqual([TWO_KEYS.replace(':9 ', ':10 ')]);
  });

  it("outside a literal, is TypeScript's syntax error, as for tsc", async () => {
    expect(
      await findings({
        'bin/main.ts': "import { App } from 'aws-cdk-lib';\nimport { Keys } from '../lib/keys';\nnew Keys(new App(), 'Keys');\u0000\n",
        'lib/keys.ts': KEYS,
      }),
    ).toContain('parse-error bin/main.ts:3 TypeScript syntax error: Invalid character.');
  });

  it('in a JSON file the app imports, is still binary content', async () => {
    const all = await findings({
      'bin/main.ts':
        "import { App } from 'aws-cdk-lib';\nimport { Keys } from '../lib/keys';\nimport names from './names.json';\nnew Keys(new App(), names.stack);\n",
      'bin/names.json': '{ "stack": "Keys", "note": "\u0000" }\n',
      'lib/keys.ts': KEYS,
    });
    expect(all).toContain('parse-error bin/names.json:1 binary content (NUL byte): not a text file');
  });

  it('in a project that holds no seed word, is nothing to report, with the prefilter and without it', async () => {
    const files = { 'bin/main.ts': "import { App, Stack } from 'aws-cdk-lib';\nconst SEP = '\u0000';\nnew Stack(new App(), `Empty${SEP}`);\n" };
    expect(await findings(files)).toEqual([]);
    expect(await findings(files, false)).toEqual([]);
  });
});
