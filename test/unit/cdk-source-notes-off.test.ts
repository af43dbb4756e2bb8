import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildCdkSourceUnit } from '../../src/cdk-source/index.js';
import { HEADER } from '../support/cdk-source-harness.js';

// An app with both kinds of note the CLI prints for CDK source: an IAM construct imported from a
// module credlint does not analyse, and a generic `CfnResource` whose type is not known statically.
const APP =
  HEADER +
  "import { Keys } from 'some-package';\n" +
  "const stack = new cdk.Stack(new cdk.App(), 'S');\n" +
  "const user = new iam.User(stack, 'U', { userName: 'ci', password: cdk.SecretValue.unsafePlainText('x') });\n" +
  "new iam.AccessKey(stack, 'K', { user });\n" +
  "new iam.AccessKey(stack, 'L', { user });\n" +
  "new Keys(stack, 'M', { user });\n" +
  "new cdk.CfnResource(stack, 'G', { type: process.env.KIND ?? 'AWS::IAM::AccessKey', properties: { UserName: 'ci' } });\n";

function build(notes: boolean | undefined) {
  const files = [ts.createSourceFile('/app/app.ts', APP, ts.ScriptTarget.Latest, true)];
  return buildCdkSourceUnit(ts, { unitId: 'cdk-source:app', files, ...(notes === undefined ? {} : { notes }) });
}

describe('CDK source extractor: the notes can be left out (the ESLint plugin reports none)', () => {
  it('gives the same unit and the same incomplete analyses without the notes', () => {
    const withNotes = build(undefined);
    const without = build(false);
    expect(withNotes.diagnostics.length).toBeGreaterThan(without.diagnostics.length);
    expect(without.diagnostics).toEqual(without.incomplete);
    expect(without.unit).toEqual(withNotes.unit);
    expect(without.incomplete).toEqual(withNotes.incomplete);
    expect(withNotes.unit?.accessKeys).toHaveLength(2);
  });
});
