import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { printConfig } from '../../src/cli/print-config.js';
import type { CredlintConfig } from '../../src/config/load-config.js';
import { getReporter } from '../../src/reporters/index.js';
import { removeSampleProjects, rootKeyMeta, sampleProject } from '../support/reporters-sample-result.js';

afterAll(removeSampleProjects);

const json = getReporter('json');
const doc = readFileSync(new URL('../../docs/json-output.md', import.meta.url), 'utf8');
const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `| \`path\` | type | meaning |` rows of the field table: path → allowed JSON types. */
function documentedFields(): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const row = /^\| `([^`]+)` \| ([^|]+(?:\\\|[^|]+)*) \|/.exec(line);
    if (row?.[1] && row[2])
      fields.set(
        row[1],
        row[2].split('\\|').map((type) => type.trim()),
      );
  }
  return fields;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const LOCATION = 'findings[].location';

/** Every field path present in `value`, with the types seen; nested location objects fold into `findings[].location`. */
function presentFields(value: unknown, prefix: string, out: Map<string, Set<string>>): Map<string, Set<string>> {
  // Array elements are described by their fields (`findings[].ruleId`), not as `findings[]` itself.
  if (prefix !== '' && !prefix.endsWith('[]')) {
    const types = out.get(prefix) ?? new Set<string>();
    types.add(jsonType(value));
    out.set(prefix, types);
  }
  if (Array.isArray(value)) {
    for (const element of value) presentFields(element, `${prefix}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    const folded = prefix.endsWith('.location') && prefix !== LOCATION ? LOCATION : prefix;
    for (const [key, child] of Object.entries(value)) presentFields(child, folded === '' ? key : `${folded}.${key}`, out);
  }
  return out;
}

describe('json reporter', () => {
  const project = sampleProject();
  const output = json(project.result, project.context(false));
  const parsed = JSON.parse(output) as Record<string, unknown>;

  it('emits exactly the fields docs/json-output.md documents, with the documented types', () => {
    const documented = documentedFields();
    expect(documented.size).toBeGreaterThan(30);
    const present = presentFields(parsed, '', new Map());
    expect([...present.keys()].sort()).toEqual([...documented.keys()].sort());
    for (const [field, types] of present) {
      for (const type of types) expect(documented.get(field), `${field} is ${type}`).toContain(type);
    }
  });

  it('keeps the example in the documentation valid against the same table', () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const present = presentFields(JSON.parse(example ?? ''), '', new Map());
    const documented = documentedFields();
    for (const [field, types] of present) {
      expect(documented.has(field), field).toBe(true);
      for (const type of types) expect(documented.get(field), `${field} is ${type}`).toContain(type);
    }
  });

  it('writes relative paths, nulls for absent facts, the suppression and the summary', () => {
    expect(output.endsWith('}\n')).toBe(true);
    expect(parsed['version']).toBe(1);
    expect(parsed['tool']).toEqual({ name: 'credlint', version: packageVersion });
    expect(parsed['summary']).toEqual({ errors: 2, warnings: 0, notes: 0, suppressed: 1, filesScanned: 2 });
    const findings = parsed['findings'] as Record<string, unknown>[];
    expect(findings.map((finding) => finding['ruleId'])).toEqual(['parse-error', 'console-user-with-access-key', 'root-user-access-key']);
    expect(findings[0]).toEqual({
      ruleId: 'parse-error',
      severity: 'error',
      message: 'Invalid expression: expected the start of an expression, but found "}".',
      location: { file: 'broken/main.tf', startLine: 3, startColumn: 1, endLine: 3, endColumn: 2, logicalPath: null },
      related: [],
      unitId: null,
      address: null,
      constructPath: null,
      unknown: false,
      suppressed: null,
      fingerprint: 'f0000000000000000000000000000001',
    });
    expect(findings[1]?.['related']).toEqual([
      {
        message: 'console login profile aws_iam_user_login_profile.ops',
        location: { file: 'infra/main.tf', startLine: 5, startColumn: 1, endLine: 5, endColumn: 44, logicalPath: null },
      },
      {
        message: 'IAM user aws_iam_user.ops',
        location: { file: 'infra/main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 30, logicalPath: null },
      },
    ]);
    expect(findings[2]?.['suppressed']).toEqual({ kind: 'inline', justification: 'break-glass key, rotated by hand' });
    expect(parsed['notes']).toEqual([
      {
        kind: 'note',
        message: 'module "vpc" from the registry was not scanned: run `terraform init` to download it.',
        location: { file: 'infra/main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, logicalPath: null },
      },
    ]);
  });

  it('is byte-for-byte the same on a second run', () => {
    expect(json(project.result, project.context(false))).toBe(output);
  });
});

// The GitHub Actions runner runs a legacy workflow command (`##[error]…`, `##[add-mask]…`) found
// anywhere in a line of the job's log (actions/runner `ActionCommand.TryParse`), and a JSON or SARIF
// report printed to standard output is in that log. A name from the pull request holding one is
// written with `#` as `\u0023`: the same string to a JSON parser, no command to the runner.
describe('json and sarif text in a CI log', () => {
  const cwd = path.resolve('/repo');
  const at = { file: path.join(cwd, 'main.tf'), range: range(1, 1, 1, 2) };
  const name = 'IAM user "x##[error]forged##[add-mask]credlint" has a key';
  const result: LintResult = {
    findings: [
      {
        ruleId: 'root-user-access-key',
        severity: 'error',
        message: name,
        related: [{ location: at, message: '##[group]x' }],
        fingerprint: 'f',
        location: at,
        address: 'aws_iam_access_key.k["##[error]x"]',
        suppression: { kind: 'inline', justification: '##[warning]approved' },
      },
    ],
    notes: [{ kind: 'note', message: 'module "##[stop-commands]t" was not scanned', location: at }],
    rules: [rootKeyMeta],
    filesScanned: 1,
    cwd,
  };
  it.each(['json', 'sarif'] as const)('%s holds no legacy workflow command, and parses to the exact strings', (format) => {
    const text = getReporter(format)(result, { cwd, color: false, readSource: () => undefined });
    expect(text).not.toContain('##[');
    const parsed = JSON.stringify(JSON.parse(text));
    expect(parsed).toContain(format === 'json' ? 'x##[error]forged##[add-mask]credlint' : 'x##\\\\[error\\\\]forged##\\\\[add-mask\\\\]credlint');
    expect(parsed).toContain(format === 'json' ? 'module \\"##[stop-commands]t\\"' : 'module \\"##\\\\[stop-commands\\\\]t\\"');
    expect(parsed).toContain('aws_iam_access_key.k[\\"##[error]x\\"]');
    expect(parsed).toContain('##[warning]approved');
  });
});

describe('--print-config in a CI log', () => {
  it('writes the configuration file names holding ##[ with # escaped, the values unchanged', () => {
    const cwd = path.resolve('/repo');
    const config: CredlintConfig = {
      file: path.join(cwd, '.credlintrc.json'),
      base: cwd,
      rules: {},
      ignore: ['##[error]forged'],
      varFiles: [],
      vars: [['name', '##[add-mask]credlint']],
      parameters: { P: '##[stop-commands]t' },
    };
    const inputs = { rules: {}, vars: config.vars, varFiles: [], parameters: config.parameters, noIgnore: false, ignorePatterns: [] };
    const text = printConfig(path.join(cwd, 'main.tf'), cwd, config, inputs);
    expect(text).not.toContain('##[');
    expect(JSON.parse(text)).toMatchObject({ ignore: ['##[error]forged'], vars: { name: '##[add-mask]credlint' }, parameters: { P: '##[stop-commands]t' } });
  });
});
