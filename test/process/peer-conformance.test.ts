import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PeerRow } from '../../scripts/peer-conformance.js';
import { DEFAULT_PEER_ROOT, formatReport, runPeerConformance } from '../../scripts/peer-conformance.js';

/**
 * Our verdicts on the other tools' fixtures (`../shared/peer-fixtures`, beside the checkout) are the
 * ones `scripts/peer-expectations.ts` records, and every difference from a peer has a recorded reason.
 */
describe.skipIf(!existsSync(DEFAULT_PEER_ROOT))('peer conformance', () => {
  let rows: PeerRow[] = [];
  const row = (input: string) => {
    const found = rows.find((r) => r.expectation.input.endsWith(input));
    if (!found) throw new Error(`no peer case ${input}`);
    return found;
  };

  it('runs every peer input', async () => {
    rows = await runPeerConformance(DEFAULT_PEER_ROOT);
    if (process.env['PEER_REPORT']) process.stdout.write(formatReport(rows));
    expect(rows.length).toBeGreaterThan(60);
  }, 120_000);

  it('reads every single-file peer input', () => {
    expect(rows.filter((r) => !r.expectation.input.includes('#') && r.filesScanned !== 1).map((r) => r.expectation.input)).toEqual([]);
  });

  it('gives the recorded verdict on every input, without parse errors', () => {
    const off = rows.filter((r) => !r.asRecorded).map((r) => `${r.expectation.input}: ${JSON.stringify(r.got)} ${r.parseErrors.join(' | ')}`);
    expect(off).toEqual([]);
  });

  it('records a reason for every difference from a peer', () => {
    const unexplained = rows.filter((r) => r.samePeerVerdict === false && r.expectation.why === undefined).map((r) => r.expectation.input);
    expect(unexplained).toEqual([]);
  });

  it('agrees with KICS on CloudFormation root keys and too many keys', () => {
    expect(row('cloudFormation-root_account_has_active_access_keys/positive1.yaml').got).toEqual({ 'root-user-access-key': [3] });
    expect(row('cloudFormation-root_account_has_active_access_keys/positive2.json').got).toEqual({ 'root-user-access-key': [4] });
    expect(row('cloudFormation-root_account_has_active_access_keys/negative1.yaml').got).toEqual({});
    expect(row('cloudFormation-iam_user_too_many_access_keys/positive1.yaml').got).toEqual({
      'console-user-with-access-key': [10],
      'multiple-active-access-keys': [14],
    });
    // Literal "myuser" is never the logical id myuser, but two keys for one name are still two keys.
    expect(row('cloudFormation-iam_user_too_many_access_keys/positive2.json').got).toEqual({ 'multiple-active-access-keys': [20] });
    expect(row('cloudFormation-iam_user_too_many_access_keys/negative2.json').got).toEqual({ 'console-user-with-access-key': [12] });
  });

  it('agrees with Checkov, Trivy and KICS on Terraform root keys, and differs on inactive root keys on purpose', () => {
    expect(row('checkov/CKV_AWS_348/main.tf').got).toEqual({ 'root-user-access-key': [1] });
    expect(row('no_root_access_keys.yaml#terraform.bad[0]').got).toEqual({ 'root-user-access-key': [5] });
    expect(row('no_root_access_keys.yaml#terraform.good[0]').got).toEqual({});
    expect(row('terraform-iam_access_key_is_exposed/negative.tf')).toMatchObject({ samePeerVerdict: false, asRecorded: true });
  });

  it('reads every cfn-guard test input as a template without findings', () => {
    const guard = rows.filter((r) => r.expectation.peer === 'aws-guard-rules-registry');
    expect(guard.length).toBe(31);
    // Every case but the empty ones (`input: {}`, `Resources: {}`) is read as a template.
    expect(guard.filter((r) => r.filesScanned === 0).map((r) => r.expectation.input.replace(/^.*#/, ''))).toEqual([
      'Empty',
      'Rule skips when no cluster present',
      'Empty',
      'No resources',
      'Empty',
      'No resources',
    ]);
    expect(guard.filter((r) => !r.asRecorded).map((r) => r.expectation.input)).toEqual([]);
  });
});
