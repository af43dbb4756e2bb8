import { describe, expect, it } from 'vitest';
import { MAX_ARRAY_DEPTH, MAX_KEY_PARTS, parseToml, type TomlValue } from '../../src/cloudformation/sam-config-toml.js';
import { parseParameterOverrides } from '../../src/cloudformation/sam-config.js';

/** The parsed document as plain objects, for comparison. */
function plain(value: TomlValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function parsed(text: string): unknown {
  const result = parseToml(text, 500_000);
  if (!result.ok) throw new Error(`${result.kind} ${result.line}:${result.column} ${result.message}`);
  return plain(result.root);
}

function failure(text: string): string {
  const result = parseToml(text, 500_000);
  return result.ok ? 'ok' : `${result.kind} ${result.line}:${result.column} ${result.message}`;
}

describe('the TOML reader of SAM CLI configuration files', () => {
  it('reads tables, dotted and quoted keys, the four kinds of strings, numbers, booleans and arrays', () => {
    const text = [
      '# comment',
      'version = 0.1',
      '[default.deploy.parameters]  # trailing comment',
      'stack_name = "app"',
      "s3_prefix = 'lit\\eral'",
      'parameter_overrides = "A=\\"x y\\" B=\\u00e9"',
      'capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",]',
      'confirm_changeset = false',
      'limits.count = 1_000',
      '"quoted key" = 0x1F',
      '[default.global.parameters]',
      'tags = """',
      'one \\',
      '   two"""',
      "raw = '''a\r\nb'''",
      'nested = [[1, 2], [ ], # c',
      '  [-3.5e2]]',
      '',
    ].join('\n');
    expect(parsed(text)).toEqual({
      version: 0.1,
      default: {
        deploy: {
          parameters: {
            stack_name: 'app',
            s3_prefix: 'lit\\eral',
            parameter_overrides: 'A="x y" B=é',
            capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
            confirm_changeset: false,
            limits: { count: 1000 },
            'quoted key': 31,
          },
        },
        global: { parameters: { tags: 'one two', raw: 'a\r\nb', nested: [[1, 2], [], [-350]] } },
      },
    });
  });

  it('keeps a key named __proto__ as a key', () => {
    expect(parsed('[a]\n__proto__ = "x"\n')).toEqual({ a: Object.fromEntries([['__proto__', 'x']]) });
  });

  it('refuses what TOML forbids, at its line and column', () => {
    expect(failure('a = 1\na = 2\n')).toBe('invalid 2:1 key a is defined twice');
    expect(failure('[t]\n[t]\n')).toBe('invalid 2:2 table [t] is defined twice');
    expect(failure('a = "x\u0001y"\n')).toBe('invalid 1:7 control character U+0001 is not allowed');
    expect(failure('# bell \u0007\n')).toBe('invalid 1:8 control character U+0007 is not allowed');
    expect(failure('a = "open\n')).toBe('invalid 1:10 unterminated string');
    expect(failure("a = '''open\n")).toBe('invalid 2:1 unterminated string');
    expect(failure('a = "\\q"\n')).toBe('invalid 1:6 invalid escape in a string');
    expect(failure('a = 1 b = 2\n')).toBe('invalid 1:7 the line goes on after its value');
    expect(failure('a = 1\rb = 2\n')).toBe('invalid 1:6 a lone carriage return is not a line ending');
    expect(failure('a = yes\n')).toBe('invalid 1:5 yes is not a TOML value');
    expect(failure('a = [1 2]\n')).toBe('invalid 1:8 a comma or ] was expected in the array');
    expect(failure('a.b = 1\n[a]\nb = 2\n')).toBe('invalid 3:1 key b is defined twice');
  });

  it('says which valid TOML it does not read', () => {
    expect(failure('a = { b = 1 }\n')).toBe('unsupported 1:5 inline tables ({ ... }) are not read');
    expect(failure('a = 1979-05-27\n')).toBe('unsupported 1:5 dates and times are not read');
    expect(failure('[[a]]\n')).toBe('unsupported 1:1 arrays of tables ([[...]]) are not read');
  });

  it('ends hostile input in a diagnostic: arrays nested deep, huge and unterminated', () => {
    expect(failure(`a = ${'['.repeat(100_000)}`)).toBe(`invalid 1:${5 + MAX_ARRAY_DEPTH} arrays nested more than ${MAX_ARRAY_DEPTH} deep`);
    expect(parsed(`a = ${'['.repeat(MAX_ARRAY_DEPTH)}${']'.repeat(MAX_ARRAY_DEPTH)}\n`)).toBeDefined();
    expect(failure(`a = """${'\\ '.repeat(200_000)}`)).toBe('invalid 1:8 invalid escape in a string');
    expect(failure(`a = "${'x'.repeat(2_000_000)}`)).toBe('invalid 1:2000006 unterminated string');
    expect(failure(`[${'a.'.repeat(1_000_000)}a]`)).toBe(`invalid 1:${2 + 2 * MAX_KEY_PARTS - 1} keys of more than ${MAX_KEY_PARTS} dotted parts`);
    expect(parsed(`${Array.from({ length: MAX_KEY_PARTS }, () => 'a').join('.')} = 1\n`)).toBeDefined();
    const many = Array.from({ length: 50_000 }, (_, i) => `k${i} = "v"`).join('\n');
    expect(Object.keys(parsed(many) as object)).toHaveLength(50_000);
  });
});

describe('parameter_overrides as SAM CLI reads it', () => {
  const read = (text: string) => {
    const values = parseParameterOverrides(text);
    return values && Object.fromEntries(values);
  };

  it('reads Key=Value pairs, quoted values, escaped spaces and the ParameterKey form', () => {
    expect(read(' Env=prod  Name="ci deployer" Path=a\\ b Quote="say \\"hi\\" now"')).toEqual({
      Env: 'prod',
      Name: 'ci deployer',
      Path: 'a b',
      Quote: 'say "hi" now',
    });
    // Python's strip('"') removes every quote at either end, an escaped one too (SAM CLI's quirk, kept).
    expect(read('Quote="say \\"hi\\""')).toEqual({ Quote: 'say "hi\\' });
    expect(read('ParameterKey=Env,ParameterValue=prod ParameterKey=Name,ParameterValue="a b"')).toEqual({ Env: 'prod', Name: 'a b' });
    expect(read('Empty=""')).toEqual({ Empty: '' });
  });

  it('refuses what it does not understand rather than guess', () => {
    for (const text of ['Env=', 'Env="open', 'just words', 'Env=a"b', 'file://params.json', 'Env-Name=x', '']) expect(read(text), text).toBeUndefined();
  });
});
