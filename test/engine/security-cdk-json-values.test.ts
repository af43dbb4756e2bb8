/**
 * A CDK project's `cdk.json` was parsed by TypeScript however many values it held: 10 MB of
 * `"context": {"a": [1,1,…]}` took 7 s and 1.3 GB for one project, where a template is refused at the
 * `parseNodes` bound before it is parsed. Past the bound it is not read (it names no app and gives no
 * context, as one nested too deep), and a `parse-error` says so: the context it would give is unknown.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

describe('cdk.json holding more values than parseNodes', () => {
  it('is not read, with a parse-error at the value past the bound', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-json-values-')));
    try {
      execFileSync('git', ['init', '-q', root]);
      mkdirSync(join(root, 'bin'));
      const padding = new Array(2000).fill('1').join(',');
      writeFileSync(join(root, 'cdk.json'), `{"app": "npx ts-node bin/app.ts", "context": {"who": "root", "pad": [${padding}]}}\n`);
      writeFileSync(
        join(root, 'bin', 'app.ts'),
        "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\nnew iam.AccessKey(s, 'K', { user: iam.User.fromUserName(s, 'U', app.node.tryGetContext('who')) });\n",
      );
      const small = await lint({ paths: [root], cwd: root, limits: { parseNodes: 1000 } });
      const errors = small.findings
        .filter((f) => f.ruleId === 'parse-error')
        .map((f) => [f.location.file.slice(root.length + 1), f.location.range.start.line, f.message]);
      expect(errors).toEqual([
        [
          'cdk.json',
          1,
          'analysis limit reached: cdk.json holds more than 1000 JSON values and is not read: the app it runs and the context it gives it are unknown, so findings may be missing (limit parseNodes = 1000; raise it with --limit parseNodes=N)',
        ],
      ]);
      // Within the bound, the context is read and the root key is found.
      const whole = await lint({ paths: [root], cwd: root });
      expect(whole.findings.map((f) => f.ruleId)).toEqual(['root-user-access-key']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
