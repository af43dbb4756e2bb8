/**
 * What the CDK source analysis works out of a parsed file's syntax alone (a scope's changes, a class's
 * writes to `this`, a scope's declarations) is found once per tree and shared by every app of the
 * project, which analyse the same parsed files: a project of 20 apps then searches each scope once,
 * not 20 times.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DeclarationIndex } from '../../src/cdk-source/resolve-declaration.js';
import { scopeChanges } from '../../src/cdk-source/scope-changes.js';
import { StaticObjectWrites } from '../../src/cdk-source/static-object-writes.js';
import { thisWritesIn } from '../../src/cdk-source/this-writes.js';

const source = ts.createSourceFile(
  '/app/lib/team.ts',
  [
    "import { User } from 'aws-cdk-lib/aws-iam';",
    'export class Team {',
    '  names: string[] = [];',
    '  constructor(id: string) { this.names.push(id); this.id = id; }',
    '}',
    "const names = ['ana'];",
    "names.push('ben');",
    'export const user = User;',
  ].join('\n'),
  ts.ScriptTarget.Latest,
  true,
);
const cls = source.statements.find(ts.isClassDeclaration);
const userRead = (source.statements.at(-1) as ts.VariableStatement).declarationList.declarations[0]?.initializer as ts.Identifier;

describe('syntax facts shared by the apps of a project', () => {
  it('finds a scope’s changes once', () => {
    const first = scopeChanges(ts, source);
    expect(first.roots.get('names')?.length).toBe(1);
    expect(scopeChanges(ts, source)).toBe(first);
  });

  it('finds a class’s writes to this once', () => {
    if (!cls) throw new Error('no class');
    const first = thisWritesIn(ts, cls);
    expect([...first.byName.keys()]).toEqual(['id']);
    expect(thisWritesIn(ts, cls)).toBe(first);
  });

  it('gives two apps’ indexes the same declaration of a name', () => {
    const first = new DeclarationIndex(ts).find(userRead);
    expect(first?.kind).toBe('import');
    expect(new DeclarationIndex(ts).find(userRead)).toBe(first);
  });

  it('asks per app whether `Object.assign` calls the global', () => {
    const file = ts.createSourceFile('/app/lib/fill.ts', 'const target = {};\nObject.assign(target, { a: 1 });\n', ts.ScriptTarget.Latest, true);
    expect(new StaticObjectWrites(ts, () => undefined).callsIn(file)).toHaveLength(1);
    // An app whose lookup finds a project `Object` (a shared search must not carry the first app's answer).
    expect(new StaticObjectWrites(ts, () => file).callsIn(file)).toHaveLength(0);
  });
});
