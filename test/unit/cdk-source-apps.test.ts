import path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { cdkApps, cdkJsonEntry } from '../../src/cdk-source/cdk-apps.js';
import { resolveRelativeImport } from '../../src/cdk-source/resolve-relative-import.js';
import { MAX_PATH_PATTERNS, readImportAliases } from '../../src/cdk-source/tsconfig-paths.js';

const ROOT = path.resolve('/project');
const at = (file: string) => path.join(ROOT, file);

/** The apps of a project given as `{ relative path: text }`: each app's entry and files, relative. */
function apps(project: Record<string, string>, namedEntry?: string) {
  const files = Object.entries(project).map(([name, text]) => ts.createSourceFile(at(name), text, ts.ScriptTarget.Latest, true));
  const names = new Set(files.map((f) => f.fileName));
  const grouped = cdkApps(ts, files, (from, specifier) => resolveRelativeImport(names, from, specifier), namedEntry === undefined ? undefined : at(namedEntry));
  return grouped.map((app) => ({
    entry: app.entry === undefined ? undefined : path.relative(ROOT, app.entry),
    files: app.files.map((f) => path.relative(ROOT, f.fileName)),
  }));
}

const STACK = 'export class DeployStack {}\n';

describe('CDK apps of a project', () => {
  it('is one app holding every file when at most one file creates an App', () => {
    expect(apps({ 'app.ts': "import { App } from 'aws-cdk-lib';\nnew App();\n", 'lib/keys.ts': 'export {};\n' })).toEqual([
      { entry: undefined, files: ['app.ts', 'lib/keys.ts'] },
    ]);
  });

  it('splits two entries sharing a stack class, and puts files no entry reaches in a unit of their own', () => {
    expect(
      apps({
        'bin/main.ts': "import * as cdk from 'aws-cdk-lib';\nimport { DeployStack } from '../lib/stack';\nnew cdk.App();\n",
        'bin/test.ts': "import { App } from 'aws-cdk-lib';\nimport { DeployStack } from '../lib/stack.js';\ntest('x', () => { new App(); });\n",
        'lib/stack.ts': STACK,
        'scripts/extra.ts': "import type { DeployStack } from '../lib/stack';\nexport {};\n",
      }),
    ).toEqual([
      { entry: 'bin/main.ts', files: ['bin/main.ts', 'lib/stack.ts'] },
      { entry: 'bin/test.ts', files: ['bin/test.ts', 'lib/stack.ts'] },
      // A type-only import loads nothing: scripts/extra.ts alone.
      { entry: undefined, files: ['scripts/extra.ts'] },
    ]);
  });

  it("takes cdk.json's entry even when the App is created in a file it imports, which is then no entry of its own", () => {
    expect(
      apps(
        {
          'bin/app.ts': "import { app } from '../lib/app';\nimport './keys';\n",
          'bin/keys.ts': "import { app } from '../lib/app';\n",
          'lib/app.ts': "import { App } from 'aws-cdk-lib';\nexport const app = new App();\n",
          'test/app.test.ts': "import { App } from 'aws-cdk-lib';\nnew App();\n",
        },
        'bin/app.ts',
      ),
    ).toEqual([
      { entry: 'bin/app.ts', files: ['bin/app.ts', 'bin/keys.ts', 'lib/app.ts'] },
      { entry: 'test/app.test.ts', files: ['test/app.test.ts'] },
    ]);
  });

  it('tells sibling folders without any marker apart when each is an app', () => {
    const app = "import { App } from 'aws-cdk-lib';\nimport { DeployStack } from './stack';\nnew App();\n";
    expect(apps({ 'one/app.ts': app, 'one/stack.ts': STACK, 'two/app.ts': app, 'two/stack.ts': STACK })).toEqual([
      { entry: 'one/app.ts', files: ['one/app.ts', 'one/stack.ts'] },
      { entry: 'two/app.ts', files: ['two/app.ts', 'two/stack.ts'] },
    ]);
  });
});

describe("cdk.json's app command", () => {
  it.each([
    ['npx ts-node --prefer-ts-exts bin/app.ts', 'bin/app.ts'],
    ['npx tsx bin/app.ts', 'bin/app.ts'],
    ['npx ts-node "infra/main.mts"', 'infra/main.mts'],
  ])('%s runs %s', (app, entry) => {
    expect(cdkJsonEntry(`{\n  // the app\n  "app": ${JSON.stringify(app)},\n}`, ROOT)).toBe(at(entry));
  });

  it.each(['{ "app": "node bin/app.js" }', '{ "app": "npx ts-node a.ts b.ts" }', '{ "app": 3 }', '[', '{}'])('names no entry in %s', (text) => {
    expect(cdkJsonEntry(text, ROOT)).toBeUndefined();
  });
});

describe('module specifiers to project files', () => {
  const files = new Set(['src/users.ts', 'src/keys.mts', 'src/legacy.cts', 'src/lib/index.ts', 'src/shared/roles.ts'].map(at));
  const from = at('src/app.ts');

  it.each([
    ['./users.js', 'src/users.ts'],
    ['./keys.mjs', 'src/keys.mts'],
    ['./legacy.cjs', 'src/legacy.cts'],
    ['./lib/index.js', 'src/lib/index.ts'],
    ['./lib', 'src/lib/index.ts'],
    ['./users', 'src/users.ts'],
  ])('%s is %s', (specifier, file) => {
    expect(resolveRelativeImport(files, from, specifier)).toBe(at(file));
  });

  it('does not take users.mjs for users.ts', () => {
    expect(resolveRelativeImport(files, from, './users.mjs')).toBeUndefined();
  });

  it('resolves paths (exact first, then the longest prefix) and baseUrl, from a tsconfig extending a relative base one level', () => {
    const texts: Record<string, string> = {
      [at('tsconfig.json')]:
        '{ "extends": "./tsconfig.base", /* c */ "compilerOptions": { "paths": { "@app/*": ["./src/*"], "@app/shared/*": ["./src/shared/*", "./x/*"], "roles": ["./src/shared/roles.ts"], }, }, }',
      [at('tsconfig.base.json')]: '{ "compilerOptions": { "baseUrl": "./src" } }',
    };
    const aliases = readImportAliases(at('tsconfig.json'), (file) => texts[file]);
    // paths targets are relative to the baseUrl in force (the base config's).
    expect(aliases?.baseUrl).toBe(at('src'));
    expect(resolveRelativeImport(files, from, '@app/shared/roles.js', aliases)).toBeUndefined();
    const own = readImportAliases(at('tsconfig.json'), (file) => (file === at('tsconfig.json') ? texts[file] : '{}'));
    expect(resolveRelativeImport(files, from, '@app/users.js', own)).toBe(at('src/users.ts'));
    expect(resolveRelativeImport(files, from, '@app/shared/roles', own)).toBe(at('src/shared/roles.ts'));
    expect(resolveRelativeImport(files, from, 'roles', own)).toBe(at('src/shared/roles.ts'));
    expect(resolveRelativeImport(files, from, 'aws-cdk-lib', own)).toBeUndefined();
    expect(resolveRelativeImport(files, from, 'lib', aliases)).toBe(at('src/lib/index.ts'));
  });

  it('uses at most MAX_PATH_PATTERNS patterns and says how many it left out', () => {
    const paths = Object.fromEntries(Array.from({ length: MAX_PATH_PATTERNS + 2 }, (_, i) => [`p${String(i)}/*`, ['./src/*']]));
    const aliases = readImportAliases(at('tsconfig.json'), () => JSON.stringify({ compilerOptions: { paths } }));
    expect(aliases?.paths.length).toBe(MAX_PATH_PATTERNS);
    expect(aliases?.leftOut).toBe(2);
  });
});
