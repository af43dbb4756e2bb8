import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { referencesIn } from '../../src/cdk-source/value-references.js';

/** The references `referencesIn` finds in the initializer of `const x = <expression>`. */
function referencesOf(expression: string): number {
  const file = ts.createSourceFile('app.ts', `const x = ${expression};`, ts.ScriptTarget.Latest, true);
  const [statement] = file.statements;
  const initializer = statement && ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]?.initializer : undefined;
  if (!initializer) throw new Error('no initializer');
  return referencesIn(ts, initializer).length;
}

describe('references in nested calls', () => {
  it('are one per name written, however deep the calls nest', () => {
    let nested = 'a';
    for (let level = 0; level < 12; level += 1) nested = `a.concat(${nested})`;
    expect(referencesOf(nested)).toBe(13);
    expect(referencesOf('Object.freeze({ list: names, all: base.concat(names, [other]) })')).toBe(4);
  });
});
