import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { toSarifLog } from '../../src/reporters/sarif-reporter.js';

const dir = mkdtempSync(path.join(tmpdir(), 'credlint-dupkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A duplicate key is a `duplicate-key` warning result, the template is analysed, and the scan is complete. */
describe('a template with a duplicate key, through the engine and SARIF', () => {
  it('reports a warning result with its own descriptor, the root key still found, the run successful', async () => {
    writeFileSync(
      path.join(dir, 'template.yaml'),
      'Resources:\n  Topic: { Type: AWS::SNS::Topic }\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties: { UserName: root }\n  Topic: { Type: AWS::SNS::Topic }\n',
    );
    const result = await lint({ paths: [dir], cwd: dir });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.range.start.line])).toEqual([
      ['root-user-access-key', 'error', 3],
      ['duplicate-key', 'warning', 6],
    ]);
    const log = toSarifLog(result, { cwd: dir, color: false, readSource: () => undefined });
    const run = log.runs[0];
    expect(run?.invocations[0]?.executionSuccessful).toBe(true);
    expect(run?.invocations[0]?.toolExecutionNotifications).toEqual([]);
    const descriptor = run?.tool.driver.rules.find((r) => r.id === 'duplicate-key');
    expect(descriptor?.defaultConfiguration.level).toBe('warning');
    expect(descriptor?.properties['security-severity']).toBeUndefined();
    const warning = run?.results.find((r) => r.ruleId === 'duplicate-key');
    expect(warning?.level).toBe('warning');
    expect(warning?.locations[0]?.physicalLocation.region).toMatchObject({ startLine: 6, startColumn: 3, endLine: 6, endColumn: 8 });
  });
});
