/**
 * README, "Output formats": SARIF output must be valid for the official SARIF validator. This runs Microsoft's SARIF
 * Multitool (`@microsoft/sarif-multitool`, a dev dependency shipping a self-contained binary per
 * platform) on credlint's SARIF for the whole fixture tree plus a sample with a parse error, a
 * suppressed finding and notes, and requires no error and no warning — from the SARIF rules and from
 * the rules GitHub code scanning adds (`--rule-kind Sarif;Gh;Ghas`). A broken copy must fail, so
 * the test cannot pass because the validator did not run. Skips where the binary is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { getReporter } from '../../src/reporters/index.js';
import { removeSampleProjects, sampleProject } from '../support/reporters-sample-result.js';

function multitool(): string | undefined {
  const platformPackage = { linux: 'sarif-multitool-linux', darwin: 'sarif-multitool-darwin', win32: 'sarif-multitool-win32' }[process.platform as string];
  if (platformPackage === undefined) return undefined;
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve(`@microsoft/${platformPackage}/package.json`));
    const binary = path.join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = multitool();
const work = mkdtempSync(path.join(tmpdir(), 'credlint-sarif-validator-'));
afterAll(async () => {
  removeSampleProjects();
  rmSync(work, { recursive: true, force: true });
});

interface ValidatorResult {
  readonly ruleId: string;
  readonly level?: string;
  readonly message: { readonly arguments?: readonly string[] };
}

/** Errors and warnings the validator reports for a SARIF text. */
function validate(name: string, sarifText: string): string[] {
  const input = path.join(work, `${name}.sarif`);
  const output = path.join(work, `${name}.validation.sarif`);
  writeFileSync(input, sarifText);
  // The exit status is 1 when the log has errors; the findings are read from the output log.
  const run = spawnSync(
    binary as string,
    ['validate', input, '--level', 'Error;Warning', '--rule-kind', 'Sarif;Gh;Ghas', '--output', output, '--log', 'ForceOverwrite', '--quiet'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    },
  );
  if (!existsSync(output)) throw new Error(`the SARIF validator wrote no log (status ${run.status}): ${run.stdout}${run.stderr}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: ValidatorResult[] }[] };
  return (log.runs[0]?.results ?? []).map((r) => `${r.ruleId} ${r.level ?? 'warning'} ${(r.message.arguments ?? []).join(' | ')}`);
}

describe.skipIf(binary === undefined)('SARIF output and the official SARIF validator', () => {
  it('finds no error or warning in credlint SARIF for every fixture, a parse error, a suppression and notes', async () => {
    const fixtures = path.join(import.meta.dirname, '..', '..', 'fixtures');
    const result = await lint({ paths: [fixtures], cwd: fixtures, reportUnknown: true });
    expect(result.findings.length).toBeGreaterThan(50);
    const sarif = getReporter('sarif');
    const context = { cwd: fixtures, color: false, readSource: (file: string) => readFileSync(file, 'utf8') };
    expect(validate('fixtures', sarif(result, context))).toEqual([]);

    const sample = sampleProject();
    expect(sample.result.findings.some((f) => f.suppression)).toBe(true);
    expect(validate('sample', sarif(sample.result, sample.context(false)))).toEqual([]);
  }, 180_000);

  it('does report a broken log (the validator really ran)', () => {
    const sample = sampleProject();
    const log = JSON.parse(getReporter('sarif')(sample.result, sample.context(false))) as { runs: { tool: { driver: { name?: string } } }[] };
    const run = log.runs[0];
    if (run) delete run.tool.driver.name;
    expect(validate('broken', JSON.stringify(log)).join('\n')).toMatch(/JSON1002 error runs\[0\]\.tool\.driver \| name/);
  }, 120_000);

  it('does report what only code scanning requires (the GitHub rule kinds really ran)', () => {
    const sample = sampleProject();
    const log = JSON.parse(getReporter('sarif')(sample.result, sample.context(false))) as { runs: { results: { locations?: unknown }[] }[] };
    const result = log.runs[0]?.results[0];
    if (result) delete result.locations;
    expect(validate('no-locations', JSON.stringify(log)).join('\n')).toMatch(/GH1015 error runs\[0\]\.results\[0\]/);
  }, 120_000);
});
