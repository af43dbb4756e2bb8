/** The API's `rules` and `config` options are checked as the CLI checks a config file, and applied. */
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { ConfigError } from '../../src/config/load-config.js';

const TEMPLATE =
  'Parameters:\n  Name:\n    Type: String\n    Default: root\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Name\n      Status: Inactive\n';

function project(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-api-config-')));
  writeFileSync(path.join(dir, 'template.yaml'), TEMPLATE);
  return dir;
}

describe('lint() options checked like a config file', () => {
  it('rejects an unknown rule, an unknown option and a wrong type with a ConfigError naming the fix', async () => {
    const cwd = project();
    await expect(lint({ cwd, rules: { 'root-user-acess-key': 'off' } })).rejects.toThrow(ConfigError);
    await expect(lint({ cwd, rules: { 'root-user-acess-key': 'off' } })).rejects.toThrow(
      'invalid "rules" option: unknown rule "root-user-acess-key" (did you mean "root-user-access-key"?)',
    );
    await expect(lint({ cwd, config: { rules: { 'root-user-access-key': ['error', { ignoreInactiv: true }] } } })).rejects.toThrow(
      'invalid "config" option: rule "root-user-access-key" has no option "ignoreInactiv" (did you mean "ignoreInactive"?)',
    );
    // A value that type-checks in TypeScript but not in the schema (from JSON, say).
    const loose = JSON.parse('{ "root-user-access-key": ["error", { "ignoreInactive": "yes" }] }') as Record<string, ['error', { ignoreInactive: boolean }]>;
    await expect(lint({ cwd, rules: loose })).rejects.toThrow('option "ignoreInactive" must be a boolean (true or false), got "yes"');
  });

  it('applies a config object (rules, parameters), with the rules option over it', async () => {
    const cwd = project();
    const plain = await lint({ cwd });
    expect(plain.findings.map((f) => [f.ruleId, f.severity])).toEqual([['root-user-access-key', 'error']]);
    const narrowed = await lint({ cwd, config: { rules: { 'root-user-access-key': ['warn', { ignoreInactive: true }] } } });
    expect(narrowed.findings).toEqual([]);
    const renamed = await lint({ cwd, config: { parameters: { Name: 'ci' } } });
    expect(renamed.findings).toEqual([]);
    const over = await lint({ cwd, config: { rules: { 'root-user-access-key': 'off' } }, rules: { 'root-user-access-key': 1 } });
    expect(over.findings.map((f) => [f.ruleId, f.severity])).toEqual([['root-user-access-key', 'warning']]);
  });

  it('rejects options shaped as in the configuration file (vars as an object) with a ConfigError, not a TypeError', async () => {
    const cwd = project();
    // What a JavaScript caller writes after reading the configuration file's `"vars": { "env": "prod" }`.
    const asObject = JSON.parse('{ "env": "prod" }') as [string, string][];
    await expect(lint({ cwd, vars: asObject })).rejects.toThrow(ConfigError);
    await expect(lint({ cwd, vars: asObject })).rejects.toThrow(
      `invalid "vars" option: expected a list of [name, value] pairs of strings, e.g. vars: [['env', 'prod']]`,
    );
    await expect(lint({ cwd, paths: 'infra' as unknown as string[] })).rejects.toThrow(
      `invalid "paths" option: expected a list of paths, e.g. paths: ['infra']`,
    );
    await expect(lint({ cwd, parameters: [['Name', 'ci']] as unknown as Record<string, string> })).rejects.toThrow('invalid "parameters" option');
    await expect(lint({ cwd, vars: [['env', 'prod']], paths: ['.'], parameters: { Name: 'ci' }, varFiles: [], ignorePatterns: [] })).resolves.toBeDefined();
  });
});
