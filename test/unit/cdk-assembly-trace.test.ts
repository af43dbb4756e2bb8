import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreationSites, firstUserFrame, resolveTraceFile } from '../../src/cloudformation/cdk-assembly/creation-trace.js';
import { FileReader } from '../../src/io/file-reader.js';

describe('firstUserFrame', () => {
  it('skips collapsed library frames and takes the first frame in the user source', () => {
    expect(
      firstUserFrame([
        '...new AccessKey2 in aws-cdk-lib...',
        'new PeopleStack (/home/ana/app/lib/people-stack.ts:14:5)',
        'Object.<anonymous> (/home/ana/app/bin/app.ts:7:1)',
      ]),
    ).toEqual({ file: '/home/ana/app/lib/people-stack.ts', line: 14, column: 5 });
  });

  it('skips node_modules, node internals and frames without a file', () => {
    expect(
      firstUserFrame([
        'new Promise (:)',
        'Module._compile (node:internal/modules/cjs/loader:1554:14)',
        'new User (/app/node_modules/aws-cdk-lib/aws-iam/lib/user.js:1:2)',
        '(no user code in 10 frames, use --stack-trace-limit to capture more)',
        '/app/bin/app.ts:9 (:)',
      ]),
    ).toEqual({ file: '/app/bin/app.ts', line: 9, column: 1 });
  });

  it('reads file URLs (ESM apps), Windows paths and frames without a function name', () => {
    expect(firstUserFrame(['new S (file:///srv/app/lib/s.mts:3:9)'])).toEqual({ file: '/srv/app/lib/s.mts', line: 3, column: 9 });
    expect(firstUserFrame(['new S (C:\\app\\lib\\s.ts:3:9)'])).toEqual({ file: 'C:\\app\\lib\\s.ts', line: 3, column: 9 });
    expect(firstUserFrame(['at /srv/app/main.ts:12:3'])).toEqual({ file: '/srv/app/main.ts', line: 12, column: 3 });
  });

  it('gives nothing when no frame is the user’s', () => {
    expect(firstUserFrame(['...aws-cdk-lib...', '(no user code in 10 frames, use --stack-trace-limit to capture more)'])).toBeUndefined();
    expect(firstUserFrame(['relative/app.ts:3:1'])).toBeUndefined();
  });
});

describe('resolveTraceFile and CreationSites', () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'credlint-trace-'));
  mkdirSync(path.join(repo, 'infra', 'lib'), { recursive: true });
  mkdirSync(path.join(repo, 'infra', 'cdk.out'), { recursive: true });
  writeFileSync(path.join(repo, 'infra', 'lib', 'stack.ts'), "import * as iam from 'aws-cdk-lib/aws-iam';\n\n    new iam.AccessKey(this, 'K', { user });   \n");
  const assembly = path.join(repo, 'infra', 'cdk.out');
  const reader = new FileReader([repo], 1 << 20);

  it('maps a path from the machine that synthesized onto the checkout by its longest existing tail', () => {
    expect(resolveTraceFile('/home/runner/work/x/infra/lib/stack.ts', assembly, repo, reader)).toBe(path.join(repo, 'infra', 'lib', 'stack.ts'));
    expect(resolveTraceFile(path.join(repo, 'infra', 'lib', 'stack.ts'), assembly, repo, reader)).toBe(path.join(repo, 'infra', 'lib', 'stack.ts'));
  });

  it('never resolves to a file outside the repository, also not through a symlink or ..', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'credlint-outside-'));
    writeFileSync(path.join(outside, 'secret.ts'), 'secret\n');
    symlinkSync(path.join(outside, 'secret.ts'), path.join(repo, 'infra', 'lib', 'linked.ts'));
    expect(resolveTraceFile('/etc/hostname', assembly, repo, reader)).toBeUndefined();
    expect(resolveTraceFile('/home/runner/lib/missing.ts', assembly, repo, reader)).toBeUndefined();
    expect(resolveTraceFile('/ci/infra/lib/linked.ts', assembly, repo, reader)).toBeUndefined();
    expect(resolveTraceFile(`${repo}/infra/../../${path.basename(outside)}/secret.ts`, assembly, repo, reader)).toBeUndefined();
  });

  it('spans from the frame column to the end of the code on that line', () => {
    const sites = new CreationSites(repo, reader);
    expect(sites.locate({ file: '/ci/infra/lib/stack.ts', line: 3, column: 5 }, assembly, 'S/K/Resource')).toEqual({
      file: path.join(repo, 'infra', 'lib', 'stack.ts'),
      range: { start: { line: 3, column: 5 }, end: { line: 3, column: 44 } },
      logicalPath: 'S/K/Resource',
    });
    expect(sites.locate({ file: '/ci/infra/lib/stack.ts', line: 40, column: 1 }, assembly, 'S/K/Resource')).toBeUndefined();
  });

  it.each([
    ['CRLF', '\r\n'],
    ['a lone CR', '\r'],
  ])('counts lines ended by %s as the stack trace does', (_name, eol) => {
    writeFileSync(path.join(repo, 'infra', 'lib', 'eol.ts'), ['// one', '', "    new iam.AccessKey(this, 'K', { user });   ", ''].join(eol));
    expect(new CreationSites(repo, reader).locate({ file: '/ci/infra/lib/eol.ts', line: 3, column: 5 }, assembly, 'S/K/Resource')?.range).toEqual({
      start: { line: 3, column: 5 },
      end: { line: 3, column: 44 },
    });
  });
});
