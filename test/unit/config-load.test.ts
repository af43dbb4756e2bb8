import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfigFile } from '../../src/config/load-config.js';
import { FileReader } from '../../src/io/file-reader.js';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'credlint-config-'));
}

describe('configuration files', () => {
  it('loads JSON with rules, ignore, varFiles (relative to the file), vars and parameters', () => {
    const dir = tempDir();
    const file = path.join(dir, 'credlint.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: { 'root-user-access-key': ['error', { ignoreInactive: true }], 'multiple-active-access-keys': 'warning' },
        ignore: ['legacy/**'],
        varFiles: ['env/prod.tfvars'],
        vars: { region: 'eu-west-1', replicas: 2 },
        parameters: { Env: 'prod' },
      }),
    );
    const config = loadConfigFile(file, new FileReader([path.dirname(file)], 1 << 20));
    expect(config.rules['multiple-active-access-keys']).toBe('warning');
    expect(config.varFiles).toEqual([path.join(dir, 'env/prod.tfvars')]);
    expect(config.vars).toEqual([
      ['region', 'eu-west-1'],
      ['replicas', '2'],
    ]);
    expect(config.parameters).toEqual({ Env: 'prod' });
    expect(config.ignore).toEqual(['legacy/**']);
  });

  it('loads YAML', () => {
    const dir = tempDir();
    const file = path.join(dir, '.credlintrc.yaml');
    writeFileSync(file, 'rules:\n  console-user-with-access-key: "off"\n');
    expect(loadConfigFile(file, new FileReader([path.dirname(file)], 1 << 20)).rules).toEqual({ 'console-user-with-access-key': 'off' });
  });

  it('rejects unknown keys, unknown rules and bad levels with the file name', () => {
    const dir = tempDir();
    const file = path.join(dir, 'credlint.config.json');
    writeFileSync(file, JSON.stringify({ rulez: {} }));
    expect(() => loadConfigFile(file, new FileReader([path.dirname(file)], 1 << 20))).toThrow(ConfigError);
    expect(() => loadConfigFile(file, new FileReader([path.dirname(file)], 1 << 20))).toThrow(/credlint\.config\.json: unknown key "rulez"/);
    writeFileSync(file, JSON.stringify({ rules: { 'no-such-rule': 'error', 'root-user-access-key': 'fatal' } }));
    expect(() => loadConfigFile(file, new FileReader([path.dirname(file)], 1 << 20))).toThrow(/unknown rule "no-such-rule".*level must be/);
    writeFileSync(file, '{ "rules": ');
    expect(() => loadConfigFile(file, new FileReader([path.dirname(file)], 1 << 20))).toThrow(ConfigError);
  });

  it('is found from the current directory up to the repository root, not beyond', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'repo/infra/prod'), { recursive: true });
    writeFileSync(path.join(root, 'credlint.config.json'), '{}');
    expect(findConfigFile(path.join(root, 'repo/infra/prod'), path.join(root, 'repo'))).toBeUndefined();
    writeFileSync(path.join(root, 'repo/.credlintrc.yml'), 'rules: {}\n');
    expect(findConfigFile(path.join(root, 'repo/infra/prod'), path.join(root, 'repo'))).toBe(path.join(root, 'repo/.credlintrc.yml'));
  });
});
