import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { MAX_RAIN_INCLUDE_DEPTH } from '../../src/cloudformation/template-includes.js';
import { writeTree } from '../support/cloudformation-harness.js';

/**
 * `!Rain::Include` files come from the pull request: they are read inside the repository only, a cycle
 * or a deep chain ends in a note, and what they insert is counted against `parseNodes`. Each case sits
 * beside a good include whose finding must survive.
 */
async function run(dir: string, limits: Record<string, number> = {}) {
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, limits });
  return {
    findings: result.findings.map((f) => `${path.relative(dir, f.location.file)}:${f.location.range.start.line} ${f.ruleId}: ${f.message}`),
    notes: result.notes.map((n) => `${path.relative(dir, n.location.file)}:${n.location.range.start.line}: ${n.message}`),
  };
}

/** Two keys of user `ci`, the second written by the include `written` names; a good include writes a console user `ops` with its key. */
const TEMPLATE = (written: string) => `Resources:
  Ops: !Rain::Include good/ops.yaml
  OpsKey:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: ops }
  CiKey:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: ci }
  CiKey2: !Rain::Include ${written}
`;
const GOOD = { 'good/ops.yaml': 'Type: AWS::IAM::User\nProperties:\n  UserName: ops\n  LoginProfile: { Password: x }\n' };
const CI_KEY = 'Type: AWS::IAM::AccessKey\nProperties: { UserName: ci }\n';
const OPS_FINDING = 'template.yaml:3 console-user-with-access-key: IAM user "ops" has a console password (Ops.LoginProfile) and an active access key (OpsKey).';

describe('!Rain::Include confinement and bounds', () => {
  it('reads no file outside the repository, by .., an absolute path or a symlink, whether it exists or not, naming only the path as written', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'credlint-outside-'));
    writeFileSync(path.join(outside, 'key.yaml'), CI_KEY);
    for (const written of ['../key.yaml', `${outside}/key.yaml`, 'links/present.yaml', 'links/absent.yaml', 'links/dir/key.yaml']) {
      const repo = writeTree({ 'template.yaml': TEMPLATE(written), ...GOOD });
      // `../key.yaml` exists: beside the repository.
      writeFileSync(path.join(path.dirname(repo), 'key.yaml'), CI_KEY);
      mkdirSync(path.join(repo, 'links'));
      symlinkSync(path.join(outside, 'key.yaml'), path.join(repo, 'links/present.yaml'));
      symlinkSync(path.join(outside, 'absent.yaml'), path.join(repo, 'links/absent.yaml'));
      symlinkSync(outside, path.join(repo, 'links/dir'));
      const { findings, notes } = await run(repo);
      expect(findings, written).toEqual([OPS_FINDING]);
      expect(
        notes.filter((n) => n.includes('!Rain::Include')),
        written,
      ).toEqual([`template.yaml:9: !Rain::Include ${written}: the file leads outside the repository being scanned; what it inserts is not analysed`]);
    }
  });

  it('ends a file including itself, or two including each other, with a note, keeping what came before', async () => {
    const self = writeTree({
      'template.yaml': TEMPLATE('loop/a.yaml'),
      ...GOOD,
      'loop/a.yaml': 'Type: AWS::IAM::AccessKey\nProperties: !Rain::Include a.yaml\n',
    });
    expect(await run(self)).toEqual({
      findings: [OPS_FINDING],
      notes: [expect.stringMatching(/^loop\/a\.yaml:2: !Rain::Include a\.yaml: the file (is the template that includes it|includes itself)/)],
    });
    const pair = writeTree({
      'template.yaml': TEMPLATE('loop/a.yaml'),
      ...GOOD,
      'loop/a.yaml': 'Type: AWS::IAM::AccessKey\nProperties: !Rain::Include b.yaml\n',
      'loop/b.yaml': 'UserName: ci\nStatus: !Rain::Include a.yaml\n',
    });
    const { findings, notes } = await run(pair);
    expect(findings).toEqual([OPS_FINDING]);
    const back = writeTree({
      'template.yaml': TEMPLATE('loop/a.yaml'),
      ...GOOD,
      'loop/a.yaml': 'Type: AWS::IAM::AccessKey\nProperties: !Rain::Include ../template.yaml\n',
    });
    expect(await run(back)).toEqual({
      findings: [OPS_FINDING],
      notes: [
        'loop/a.yaml:2: !Rain::Include ../template.yaml: the file includes itself through !Rain::Include, which rain pkg cannot package; what it inserts is not analysed',
      ],
    });
    expect(notes).toEqual([
      'loop/b.yaml:2: !Rain::Include a.yaml: the file includes itself through !Rain::Include, which rain pkg cannot package; what it inserts is not analysed',
    ]);
  });

  it(`follows includes ${MAX_RAIN_INCLUDE_DEPTH} deep and no deeper`, async () => {
    const chain = (depth: number) => {
      const files: Record<string, string> = { 'template.yaml': TEMPLATE('chain/0.yaml'), ...GOOD };
      for (let i = 0; i < depth - 1; i++) files[`chain/${i}.yaml`] = `Type: !Rain::Include ${i + 1}.yaml\nProperties: { UserName: ci }\n`;
      files[`chain/${depth - 1}.yaml`] = 'AWS::IAM::AccessKey\n';
      return files;
    };
    // The last file is a string, not a map: the chain ends in a note either way, and the key's type stays unknown.
    const deepest = await run(writeTree(chain(MAX_RAIN_INCLUDE_DEPTH)));
    expect(deepest.findings).toEqual([OPS_FINDING]);
    expect(deepest.notes.join('\n')).toContain(
      `chain/${MAX_RAIN_INCLUDE_DEPTH - 2}.yaml:1: !Rain::Include ${MAX_RAIN_INCLUDE_DEPTH - 1}.yaml: the file is not a map of keys and values`,
    );
    const deeper = await run(writeTree(chain(MAX_RAIN_INCLUDE_DEPTH + 2)));
    expect(deeper.notes.join('\n')).toContain(
      `chain/${MAX_RAIN_INCLUDE_DEPTH - 1}.yaml:1: !Rain::Include ${MAX_RAIN_INCLUDE_DEPTH}.yaml: !Rain::Include files nested more than ${MAX_RAIN_INCLUDE_DEPTH} deep are not followed`,
    );
  });

  it('counts every insertion of a file against parseNodes: a file included many times by files included many times ends in a parse-error', async () => {
    const fan = 'a: !Rain::Include leaf.yaml\nb: !Rain::Include leaf.yaml\nc: !Rain::Include leaf.yaml\nd: !Rain::Include leaf.yaml\n';
    const files: Record<string, string> = { 'template.yaml': TEMPLATE('fan/0.yaml'), ...GOOD };
    for (let i = 0; i < 8; i++) files[`fan/${i}.yaml`] = fan.replaceAll('leaf.yaml', i === 7 ? 'leaf.yaml' : `${i + 1}.yaml`);
    files['fan/leaf.yaml'] = 'x: 1\n';
    const dir = writeTree(files);
    const result = await lint({ paths: ['.'], cwd: dir, env: {}, limits: { parseNodes: 20_000 } });
    expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key')).toHaveLength(1);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.message)).toEqual([
      expect.stringContaining('!Rain::Include files insert too many nodes into this template'),
    ]);
  });
});
