import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

/** One key per expression, named by it: `new iam.CfnAccessKey(stack, 'K<i>', { userName: <expression> })`. */
function keysNamedBy(...expressions: string[]): string[] {
  const { keys } = summary({
    'app.ts':
      HEADER +
      "const stack = new cdk.Stack(new cdk.App(), 'S');\nconst env = 'prod_eu';\nconst path = 'team/ops/ana';\n" +
      expressions.map((expression, i) => `new iam.CfnAccessKey(stack, 'K${String(i)}', { userName: ${expression} });\n`).join(''),
  });
  return keys;
}

describe('CDK source extractor: String.prototype methods of known strings', () => {
  it('evaluates the methods a name is built with, as JavaScript does', () => {
    expect(
      keysNamedBy(
        "env.replace('_', '-')",
        "'a_b_c'.replaceAll('_', '')",
        "path.split('/')[2]",
        'path.slice(5, 8)',
        'path.substring(5)',
        "'root'.padEnd(6, '!')",
        "'ro'.repeat(2)",
        "'  ana '.trimStart().trimEnd()",
        "path.startsWith('team/') ? 'root' : 'ana'",
        "path.at(-1) === 'a' ? path.charAt(0) : 'x'",
        "'a$b'.replace('$', '$$')",
      ),
    ).toEqual([
      'S/K0 | name prod-eu | Active',
      'S/K1 | name abc | Active',
      'S/K2 | name ana | Active',
      'S/K3 | name ops | Active',
      'S/K4 | name ops/ana | Active',
      'S/K5 | name root!! | Active',
      'S/K6 | name roro | Active',
      'S/K7 | name ana | Active',
      'S/K8 | name root | Active',
      'S/K9 | name t | Active',
      'S/K10 | name a$b | Active',
    ]);
  });

  it('leaves unknown what would throw, build an overlong string, or depend on the locale or a pattern', () => {
    const keys = keysNamedBy(
      "'ab'.repeat(1e9)",
      "'ab'.repeat(-1)",
      "'ab'.padStart(1e9, 'x')",
      "'x'.repeat(5000).replaceAll('x', '$&$&')",
      "'I'.toLocaleLowerCase()",
      "env.replace(/_/g, '-')",
      'env.split(undefined)',
    );
    expect(keys.map((key) => key.split(' | ')[1])).toEqual(keys.map(() => expect.stringMatching(/^\? /) as unknown as string));
  });
});
