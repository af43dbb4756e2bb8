import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, loadConfigFile } from '../../src/config/load-config.js';
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

  it('names the line and column of a JSON syntax error', () => {
    const dir = tempDir();
    const file = path.join(dir, 'credlint.config.json');
    writeFileSync(file, '{\n  "rules": {\n    "root-user-access-key": "off",\n  }\n}\n');
    expect(() => loadConfigFile(file, new FileReader([dir], 1 << 20))).toThrow(
      `invalid configuration ${file}: JSON syntax error at line 4, column 3: Expected double-quoted property name`,
    );
  });

  it("names the line and column of a JSON syntax error whose message from JSON.parse has no position, without JSON.parse's quote of the text", () => {
    const dir = tempDir();
    const file = path.join(dir, 'credlint.config.json');
    for (const [text, problem] of [
      ['{"rules": }\n', "JSON syntax error at line 1, column 11: Unexpected token '}'"],
      [
        '{\n  "rules": {\n    "root-user-access-key": "error", "multiple-active-access-keys": }\n}\n',
        "JSON syntax error at line 3, column 69: Unexpected token '}'",
      ],
      ['{\n  "rules":\n', 'JSON syntax error at line 3, column 1: Unexpected end of JSON input'],
    ] as const) {
      writeFileSync(file, text);
      expect(() => loadConfigFile(file, new FileReader([dir], 1 << 20))).toThrow(`invalid configuration ${file}: ${problem}`);
    }
  });

  it('names the line and column where a YAML config nests flow collections deeper than 32 levels, before parsing it', () => {
    const dir = tempDir();
    const file = path.join(dir, '.credlintrc.yaml');
    writeFileSync(file, `rules: {}\nvars:\n  x: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`);
    expect(() => loadConfigFile(file, new FileReader([dir], 1 << 21))).toThrow(
      `invalid configuration ${file}: nested deeper than 32 levels at line 3, column 36 (a configuration needs at most 4)`,
    );
  });

  it('counts the nesting of a YAML config written with lone carriage returns on the lines the parser reads', () => {
    // The scan read such a file as one line while the parser broke it at each CR: 'Maximum call stack size exceeded'.
    const dir = tempDir();
    const file = path.join(dir, '.credlintrc.yaml');
    const deep = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(2 + 2 * i)}- a:`).join('\r');
    writeFileSync(file, `rules: {}\rvars:\r  x:\r${deep} 1\r`);
    expect(() => loadConfigFile(file, new FileReader([dir], 1 << 24))).toThrow(
      `invalid configuration ${file}: nested deeper than 32 levels at line 19, column 33 (a configuration needs at most 4)`,
    );
  });

  it('names the line and column where a YAML config nests by indentation deeper than 32 levels, before parsing it', () => {
    // 3,000 indented levels had exhausted the YAML parser's stack: 'YAML syntax error: Maximum call stack size exceeded'.
    const dir = tempDir();
    const file = path.join(dir, '.credlintrc.yaml');
    const deep = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(2 + 2 * i)}- a:`).join('\n');
    writeFileSync(file, `rules: {}\nvars:\n  x:\n${deep} 1\n`);
    // The document's mapping and vars' are levels 1 and 2; each line opens a sequence and a mapping.
    expect(() => loadConfigFile(file, new FileReader([dir], 1 << 24))).toThrow(
      `invalid configuration ${file}: nested deeper than 32 levels at line 19, column 33 (a configuration needs at most 4)`,
    );
  });

  it('refuses a YAML config of more than 100,000 nodes before the yaml package parses it', () => {
    // 9 MB of `ignore: [a,a,…]` took 196 s and 4 GB in the parser, before any check of the content.
    const dir = tempDir();
    const file = path.join(dir, '.credlintrc.yaml');
    writeFileSync(file, `rules: {}\nignore: [${'a,'.repeat(1_000_000)}a]\n`);
    const started = Date.now();
    expect(() => loadConfigFile(file, new FileReader([dir], 1 << 24))).toThrow(
      `invalid configuration ${file}: more than 100000 YAML nodes, at line 2, column 199999; it is not parsed`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    writeFileSync(file, `rules: {}\nignore: [${'a,'.repeat(20_000)}a]\n`);
    expect(loadConfigFile(file, new FileReader([dir], 1 << 24)).ignore).toHaveLength(20_001);
  });

  it('refuses a JSON config of more than 250,000 nodes before it is parsed and checked', () => {
    // 9 MB of `vars` (700,000 names) took 7 s to check against the schema, 8.7 MB of nested arrays 8 s and 1 GB.
    const dir = tempDir();
    const file = path.join(dir, 'credlint.config.json');
    const names = (n: number) => Array.from({ length: n }, (_, i) => `"v${i}": "x"`).join(',\n');
    writeFileSync(file, `{\n"rules": {},\n"vars": {\n${names(700_000)}\n}\n}\n`);
    const started = Date.now();
    // Seven nodes up to vars' `{` (the document, and each `{`, `:` and `,` before), two per member (its `:` and `,`):
    // the comma after member 124,996 (line 125,000) is node 250,001.
    expect(() => loadConfigFile(file, new FileReader([dir], 1 << 24))).toThrow(
      `invalid configuration ${file}: more than 250000 JSON nodes, at line 125000, column 15; it is not parsed`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    writeFileSync(file, `{"ignore": [${'"a",'.repeat(40_000)}"a"], "vars": {${names(5_000)}}}`);
    const config = loadConfigFile(file, new FileReader([dir], 1 << 24));
    expect([config.ignore.length, config.vars.length]).toEqual([40_001, 5_000]);
  });

  it('refuses a config that is neither JSON nor YAML, naming the formats', () => {
    const dir = tempDir();
    for (const name of ['credlint.toml', 'credlint.config.js']) {
      const file = path.join(dir, name);
      writeFileSync(file, 'rules = {}\n');
      expect(() => loadConfigFile(file, new FileReader([dir], 1 << 20))).toThrow(/is JSON \(\.json\) or YAML \(\.yaml, \.yml\)/);
    }
    const yaml = path.join(dir, '.credlintrc.yaml');
    writeFileSync(yaml, 'rules: [unclosed\n');
    expect(() => loadConfigFile(yaml, new FileReader([dir], 1 << 20))).toThrow(/YAML syntax error/);
  });

  it("ends a YAML syntax error at its position, without the colon that introduced the parser's code frame", () => {
    const dir = tempDir();
    const yaml = path.join(dir, '.credlintrc.yaml');
    writeFileSync(yaml, 'rules: [\n');
    expect(() => loadConfigFile(yaml, new FileReader([dir], 1 << 20))).toThrow(/YAML syntax error: .* at line 2, column 1$/);
  });

  it('accepts "$schema" beside the settings, in JSON and YAML', () => {
    const dir = tempDir();
    const json = path.join(dir, 'credlint.config.json');
    writeFileSync(json, JSON.stringify({ $schema: './node_modules/credlint/schema/credlint.config.schema.json', rules: { 'root-user-access-key': 'warn' } }));
    expect(loadConfigFile(json, new FileReader([dir], 1 << 20)).rules).toEqual({ 'root-user-access-key': 'warn' });
    const yaml = path.join(dir, '.credlintrc.yaml');
    writeFileSync(yaml, '# yaml-language-server: $schema=./node_modules/credlint/schema/credlint.config.schema.json\nrules:\n  root-user-access-key: 0\n');
    expect(loadConfigFile(yaml, new FileReader([dir], 1 << 20)).rules).toEqual({ 'root-user-access-key': 0 });
  });

  it('loadConfig (the API) reads a path relative to cwd; findConfigFile stops at the git root by default', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    writeFileSync(path.join(root, 'repo/.git/HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(path.join(root, 'repo/infra'), { recursive: true });
    writeFileSync(
      path.join(root, 'repo/.credlintrc.json'),
      '{ "rules": { "root-user-access-key": ["error", { "ignoreInactive": true }] }, "varFiles": ["prod.tfvars"] }',
    );
    const config = loadConfig('.credlintrc.json', { cwd: path.join(root, 'repo') });
    expect(config.rules).toEqual({ 'root-user-access-key': ['error', { ignoreInactive: true }] });
    expect(config.varFiles).toEqual([path.join(root, 'repo/prod.tfvars')]);
    expect(findConfigFile(path.join(root, 'repo/infra'))).toBe(path.join(root, 'repo/.credlintrc.json'));
    // Above the git root, a config is not found.
    writeFileSync(path.join(root, 'credlint.config.json'), '{}');
    rmSync(path.join(root, 'repo/.credlintrc.json'));
    expect(findConfigFile(path.join(root, 'repo/infra'))).toBeUndefined();
    expect(() => loadConfig('missing.json', { cwd: root })).toThrow(ConfigError);
  });
});
