import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const STACK = "const stack = new cdk.Stack(new cdk.App(), 'Ops');\n";

/** The keys of an app that declares `holder` and then runs `change`. */
function keysAfter(holder: string, change: string): string[] {
  return summarise({ 'app.ts': HEADER + STACK + holder + change }).keys;
}

const TWO_KEYS = "const keys = [new iam.CfnAccessKey(stack, 'Blue', { userName: 'ci' }), new iam.CfnAccessKey(stack, 'Green', { userName: 'ci' })];\n";

describe('CDK source extractor: arrays and objects holding constructs', () => {
  it('reads an escape hatch written through an element of a const array, which leaves the array the same constructs', () => {
    expect(keysAfter(TWO_KEYS, "keys[1].status = 'Inactive';\n")).toEqual(['Ops/Blue | name ci | Active', 'Ops/Green | name ci | Inactive']);
  });

  it('reads an escape hatch a helper writes on an element or property it is handed', () => {
    const retire = "function retire(key: iam.AccessKey): void {\n  (key.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';\n}\n";
    const user = "const user = new iam.User(stack, 'U', { userName: 'ci' });\n";
    expect(
      keysAfter(retire + user + "const keys = [new iam.AccessKey(stack, 'Old', { user }), new iam.AccessKey(stack, 'New', { user })];\n", 'retire(keys[0]);\n'),
    ).toEqual(['Ops/Old | user Ops/U | Inactive', 'Ops/New | user Ops/U | Active']);
    const activate = "function activate(key: iam.CfnAccessKey): void {\n  key.status = 'Active';\n}\n";
    const slots = "const slots = { a: new iam.CfnAccessKey(stack, 'A', { userName: 'ci', status: 'Inactive' }) };\n";
    expect(keysAfter(activate + slots, 'activate(slots.a);\n')).toEqual(['Ops/A | name ci | Active']);
  });

  it('still takes a change of the array itself, or of a value in it that is no construct, as a change', () => {
    expect(keysAfter(TWO_KEYS, "keys.reverse();\nkeys[1].status = 'Inactive';\n")).toEqual(['Ops/Blue | name ci | Active', 'Ops/Green | name ci | Active']);
    // The props object beside the construct is changed: the key made from it is not what its declaration says.
    const parts =
      "const parts = [new iam.CfnAccessKey(stack, 'Blue', { userName: 'ci' }), { userName: 'deploy' }] as const;\n(parts[1] as { userName: string }).userName = 'ci';\nnew iam.CfnAccessKey(stack, 'Green', parts[1]);\n";
    expect(keysAfter(parts, '')).toEqual([
      'Ops/Blue | name ci | Active',
      "Ops/Green | ? parts is changed after it is declared ((parts[1] as { userName: string }).userName = 'ci') | ? parts is changed after it is declared ((parts[1] as { userName: string }).userName = 'ci')",
    ]);
  });

  it('takes a change through a value derived from the array (map, concat) as one that may be shallower than it looks', () => {
    // `concat` of a non-array value holds it as one element: `all[0].extra = …` changes the object itself.
    const holder = "const pair = { key: new iam.CfnAccessKey(stack, 'Blue', { userName: 'ci' }), name: 'deploy' };\n";
    expect(
      keysAfter(
        holder,
        "const all = ([] as (typeof pair)[]).concat(pair);\nall[0].name = 'ci';\nnew iam.CfnAccessKey(stack, 'Green', { userName: pair.name });\n",
      ),
    ).toEqual([
      'Ops/Blue | name ci | Active',
      "Ops/Green | ? pair is changed after it is declared (all = ([] as (typeof pair)[]).concat(pair); all[0].name = 'ci') | Active",
    ]);
  });
});
