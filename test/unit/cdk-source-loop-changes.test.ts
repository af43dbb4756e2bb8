import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const STACK = "const stack = new cdk.Stack(new cdk.App(), 'Ops');\n";
const THREE = "const keys = ['A', 'B', 'C'].map((id) => new iam.CfnAccessKey(stack, id, { userName: 'ci' }));\n";

/** The status of each key of an app that makes the keys (`THREE` unless said) and then runs `code`. */
function statuses(code: string, keys = THREE): string[] {
  return summarise({ 'app.ts': HEADER + STACK + keys + code }).keys.map((key) => key.replace(/ \| name ci/, ''));
}

describe('CDK source extractor: escape hatches in loops', () => {
  it('places a change in each run of a forEach, map or flatMap callback, with its parameters bound', () => {
    const expected = ['Ops/A | Active', 'Ops/B | Inactive', 'Ops/C | Inactive'];
    expect(statuses("keys.forEach((k, i) => {\n  if (i > 0) k.status = 'Inactive';\n});\n")).toEqual(expected);
    expect(statuses("keys.forEach((_, i) => {\n  if (i === 0) return;\n  keys[i].status = 'Inactive';\n});\n")).toEqual(expected);
    expect(statuses("keys.flatMap((k, i, all) => {\n  if (i > 0) all[i].addPropertyOverride('Status', 'Inactive');\n  return [k];\n});\n")).toEqual(expected);
    expect(statuses("keys.slice(1).forEach((k) => (k.status = 'Inactive'));\n")).toEqual(expected);
  });

  it('places a change in each run of for...of, for...in and counting for loops', () => {
    const expected = ['Ops/A | Inactive', 'Ops/B | Inactive', 'Ops/C | Active'];
    expect(statuses("for (let i = 0; i < keys.length - 1; i++) keys[i].status = 'Inactive';\n")).toEqual(expected);
    expect(statuses("for (let i = 0; i < keys.length; i++) {\n  if (i === 2) continue;\n  keys[i].status = 'Inactive';\n}\n")).toEqual(expected);
    expect(statuses("for (const k of keys.slice(0, 2)) k.status = 'Inactive';\n")).toEqual(expected);
    expect(statuses("for (const i in keys) if (i !== '2') keys[i].status = 'Inactive';\n")).toEqual(expected);
  });

  it('takes the runs after the first of a loop that may stop early as runs that may not happen', () => {
    expect(statuses("for (const k of keys) {\n  k.status = 'Inactive';\n  if (k.logicalId) break;\n}\n")).toEqual([
      'Ops/A | Inactive',
      "Ops/B | ? k.status = 'Inactive'; may change its Status",
      "Ops/C | ? k.status = 'Inactive'; may change its Status",
    ]);
  });

  it('keeps a change in a loop over values it cannot list uncertain', () => {
    expect(statuses("(process.env.KEYS ? keys : []).forEach((k) => {\n  k.status = 'Inactive';\n});\n")).toEqual([
      'Ops/A | Active',
      'Ops/B | Active',
      'Ops/C | Active',
    ]);
  });

  it('reads a change written after the map that made the keys, in the function around it', () => {
    expect(statuses("keys[1].status = 'Inactive';\n")).toEqual(['Ops/A | Active', 'Ops/B | Inactive', 'Ops/C | Active']);
    // The change inside the callback stays one of its own run.
    expect(
      statuses(
        '',
        "const keys = ['A', 'B'].map((id) => {\n  const k = new iam.CfnAccessKey(stack, id, { userName: 'ci' });\n  if (id === 'B') k.status = 'Inactive';\n  return k;\n});\n",
      ),
    ).toEqual(['Ops/A | Active', 'Ops/B | Inactive']);
  });

  it('follows an array or object of keys handed to a function whose loop changes them', () => {
    const helper =
      "function keepLast(all: iam.CfnAccessKey[]): void {\n  all.forEach((k, i) => {\n    if (i < all.length - 1) k.status = 'Inactive';\n  });\n}\n";
    expect(statuses(helper + 'keepLast(keys);\n')).toEqual(['Ops/A | Inactive', 'Ops/B | Inactive', 'Ops/C | Active']);
    expect(
      statuses(helper + "keepLast([new iam.CfnAccessKey(stack, 'X', { userName: 'ci' }), new iam.CfnAccessKey(stack, 'Y', { userName: 'ci' })]);\n", ''),
    ).toEqual(['Ops/X | Inactive', 'Ops/Y | Active']);
  });

  it('reads a change written after Array.from made the keys, and one chained on the new expression itself', () => {
    const fromKeys = "const keys = Array.from({ length: 2 }, (_, i) => new iam.CfnAccessKey(stack, `K${i}`, { userName: 'ci' }));\n";
    expect(statuses("keys[0].status = 'Inactive';\n", fromKeys)).toEqual(['Ops/K0 | Inactive', 'Ops/K1 | Active']);
    expect(statuses('', "new iam.CfnAccessKey(stack, 'A', { userName: 'ci' }).addPropertyOverride('Status', 'Inactive');\n")).toEqual(['Ops/A | Inactive']);
  });
});
