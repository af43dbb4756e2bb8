/**
 * `credlint cdk-app` on a hostile cloud assembly (docs/security.md): the app command is the user's own,
 * but what it writes to `$CDK_OUTDIR` is scanned as untrusted input, through the same reader, limits
 * and neutralised output as `credlint cdk.out`, and a finding beside the hostile parts survives.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { wrapper } from '../support/cdk-app-process.js';
import { gitProject } from '../support/cli-process.js';
import { removeTempTrees } from '../support/temp-tree.js';

afterAll(removeTempTrees);

describe('credlint cdk-app on a hostile cloud assembly', () => {
  const dir = gitProject({}, 'credlint-cdk-app-');

  it('treats the assembly as hostile: control characters in construct paths are escaped, an oversized template stops synthesis (exit 2)', () => {
    // An app whose template names a construct with terminal escapes and a line break, beside a template over --max-file-size.
    const writer = `const fs = require('fs'); const out = process.env.CDK_OUTDIR; fs.mkdirSync(out, { recursive: true });
const stack = (name) => ({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: name + '.template.json' } });
fs.writeFileSync(out + '/manifest.json', JSON.stringify({ version: '36.0.0', artifacts: { Evil: stack('Evil'), Big: stack('Big') } }));
const key = (path) => ({ Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' }, Metadata: { 'aws:cdk:path': path } });
fs.writeFileSync(out + '/Evil.template.json', JSON.stringify({ Resources: { A: key('Evil/A'), B: key('Evil/\\u001b[31mB\\n::error::forged') } }));
fs.writeFileSync(out + '/Big.template.json', JSON.stringify({ Resources: { K: key('Big/K') }, Padding: 'x'.repeat(4096) }));`;
    const result = wrapper(['--max-file-size', '2k', '--', process.execPath, '-e', writer], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('credlint/multiple-active-access-keys');
    expect(result.stderr).toContain('[Error at /Evil/\\x1b[31mB\\n::error::forged] credlint/multiple-active-access-keys');
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).not.toMatch(/^::error::/m);
    expect(result.stderr).toMatch(
      /^\[Error\] credlint\/parse-error: file is \d+ bytes, over the 2048-byte limit \(--max-file-size\)\n {4}template cdk\.out\/Big\.template\.json:1:1$/m,
    );
    expect(result.stderr).toContain('synthesis stops (exit 2: the check is incomplete)');
  });
});
