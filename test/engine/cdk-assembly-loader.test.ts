import { loadOptionsFor } from '../support/load-options.js';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, CfnResource, NestedStack, SecretValue, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadOptions } from '../../src/formats/load-options.js';
import { loadCdkAssemblies } from '../../src/formats/cdk-assembly/load-assemblies.js';
import { cdkAssembly } from '../../src/formats/cdk-assembly/index.js';
import { registeredSeeds } from '../support/registered-seeds.js';

const SEEDS = registeredSeeds(cdkAssembly);
import { linkCredentials } from '../../src/model/link-credentials.js';
import { FileReader } from '../../src/io/file-reader.js';

const thisFile = path.resolve(import.meta.dirname, 'cdk-assembly-loader.test.ts');
const scratch = mkdtempSync(path.join(tmpdir(), 'credlint-cdk-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Synthesized assemblies live in a temp dir and traces point into this repository: the scan boundary is `/`. */
function optionsFor(repoRoot: string, roots: readonly string[] = [repoRoot]): LoadOptions {
  return loadOptionsFor(repoRoot, { cwd: scratch, reader: new FileReader(roots, 10 * 1024 * 1024), prefilter: true });
}
const options = optionsFor('/');

function synth(name: string, define: (app: App) => void, context: Record<string, unknown> = {}): string {
  process.env.CDK_VALIDATION = 'false';
  const outdir = path.join(scratch, name);
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:version-reporting': false, ...context },
  });
  define(app);
  app.synth();
  return outdir;
}

/** The line of this file that holds `marker` (where a construct is created). */
function lineOf(marker: string): number {
  return (
    readFileSync(thisFile, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(marker)) + 1
  );
}

function consoleUserApp(app: App): void {
  const stack = new Stack(app, 'People');
  const user = new iam.User(stack, 'Ana', { userName: 'ana', password: SecretValue.secretsManager('pw') });
  new iam.AccessKey(stack, 'AnaKey', { user }); // marker: ana key
}

describe('loadCdkAssemblies on synthesized apps', () => {
  it('models the stack and gives each resource its construct path and creation site', async () => {
    const dir = synth('console-user', consoleUserApp);
    const result = await loadCdkAssemblies([dir], options, SEEDS);
    expect(result.diagnostics).toEqual([]);
    expect(result.units).toHaveLength(1);
    const unit = result.units[0]!;
    expect(unit).toMatchObject({ id: 'cdk-assembly:console-user', format: 'cdk-assembly', root: dir });
    expect(unit.users.map((u) => [u.constructPath, u.name?.known && u.name.value])).toEqual([['People/Ana/Resource', 'ana']]);
    expect(unit.loginProfiles).toHaveLength(1);
    const key = unit.accessKeys[0]!;
    expect(key.constructPath).toBe('People/AnaKey/Resource');
    expect(key.location.file).toBe(path.join(dir, 'People.template.json'));
    expect(key.createdAt?.file).toBe(thisFile);
    expect(key.createdAt?.range.start.line).toBe(lineOf('// marker: ana key'));
    expect(key.createdAt?.logicalPath).toBe('People/AnaKey/Resource');
    const linked = linkCredentials(unit);
    expect(linked.identities.map((i) => [i.identity, i.loginProfiles.length, i.accessKeys.length])).toEqual([['name:ana', 1, 1]]);
  });

  it('analyses a nested stack once, as part of its parent, linking through the parameters CDK passes', async () => {
    const dir = synth('nested', (app) => {
      const stack = new Stack(app, 'Platform');
      const user = new iam.User(stack, 'Ops', { password: SecretValue.secretsManager('pw') });
      const keys = new NestedStack(stack, 'Keys');
      new iam.AccessKey(keys, 'OpsKey', { user }); // marker: nested key
    });
    const result = await loadCdkAssemblies([dir], options, SEEDS);
    expect(result.diagnostics).toEqual([]);
    const unit = result.units[0]!;
    expect(unit.accessKeys.map((k) => [k.constructPath, k.location.file.endsWith('.nested.template.json')])).toEqual([['Platform/Keys/OpsKey/Resource', true]]);
    expect(unit.accessKeys[0]?.createdAt?.range.start.line).toBe(lineOf('// marker: nested key'));
    const linked = linkCredentials(unit);
    expect(linked.identities).toHaveLength(1);
    expect(linked.identities[0]?.users.map((u) => u.constructPath)).toEqual(['Platform/Ops/Resource']);
    expect(linked.identities[0]?.accessKeys).toHaveLength(1);
  });

  it('still finds a nested stack template and its construct paths without asset or path metadata', async () => {
    const dir = synth(
      'nested-bare',
      (app) => {
        const stack = new Stack(app, 'Platform');
        const keys = new NestedStack(stack, 'Keys');
        new iam.AccessKey(keys, 'RootKey', { user: iam.User.fromUserName(keys, 'Root', 'root') });
      },
      { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:enable-asset-metadata': false },
    );
    const result = await loadCdkAssemblies([dir], options, SEEDS);
    // The parent's nested stack resource has a computed TemplateURL; its template is known from the manifest.
    expect(result.diagnostics).toEqual([]);
    const unit = result.units[0]!;
    expect(unit.accessKeys.map((k) => [k.constructPath, k.user.known && k.user.value])).toEqual([
      ['Platform/Keys/RootKey/Resource', { kind: 'name', name: 'root' }],
    ]);
  });

  it('follows a nested stack without asset metadata as its parent deploys it: parameters in, outputs out', async () => {
    const dir = synth(
      'nested-no-asset-metadata',
      (app) => {
        const stack = new Stack(app, 'Platform');
        const people = new NestedStack(stack, 'People');
        const user = new iam.User(people, 'Ops', { password: SecretValue.secretsManager('pw') });
        // The parent reads the user's name from the nested stack's output; a second nested stack gets it as a parameter.
        new iam.AccessKey(stack, 'ParentKey', { user });
        new iam.AccessKey(new NestedStack(stack, 'Keys'), 'NestedKey', { user });
      },
      { 'aws:cdk:enable-asset-metadata': false },
    );
    const result = await loadCdkAssemblies([dir], options, SEEDS);
    // No "its template (a computed TemplateURL) is not a local file" note: the manifest names each template.
    expect(result.diagnostics).toEqual([]);
    const unit = result.units[0]!;
    expect(unit.users.map((u) => u.constructPath)).toEqual(['Platform/People/Ops/Resource']);
    const linked = linkCredentials(unit);
    expect(linked.identities.map((i) => [i.users.length, i.loginProfiles.length, i.accessKeys.map((k) => k.constructPath).sort()])).toEqual([
      [1, 1, ['Platform/Keys/NestedKey/Resource', 'Platform/ParentKey/Resource']],
    ]);
  });

  it('makes one unit of an app with Stages, even when the nested assembly directory is given too', async () => {
    const dir = synth('staged', (app) => {
      for (const name of ['Beta', 'Prod']) {
        const stack = new Stack(new Stage(app, name), 'Deploy');
        new iam.AccessKey(stack, 'Key', { user: iam.User.fromUserName(stack, 'U', 'deployer') });
      }
    });
    const result = await loadCdkAssemblies([path.join(dir, 'assembly-Beta'), dir], options, SEEDS);
    expect(result.diagnostics).toEqual([]);
    expect(result.units.map((u) => u.id)).toEqual(['cdk-assembly:staged']);
    expect(result.units[0]?.accessKeys.map((k) => [k.address, k.constructPath])).toEqual([
      ['Beta/Deploy/Key961B73FD', 'Beta/Deploy/Key/Resource'],
      ['Prod/Deploy/Key961B73FD', 'Prod/Deploy/Key/Resource'],
    ]);
  });

  it('leaves createdAt out when creation stack traces are disabled', async () => {
    const dir = synth('no-traces', consoleUserApp, { 'aws:cdk:disable-creation-stack-traces': true });
    const key = (await loadCdkAssemblies([dir], options, SEEDS)).units[0]?.accessKeys[0];
    expect(key?.constructPath).toBe('People/AnaKey/Resource');
    expect(key?.createdAt).toBeUndefined();
  });
});

describe('loadCdkAssemblies on assemblies from elsewhere', () => {
  it('reads inline manifest metadata with the older per-entry trace and maps the trace onto the checkout', async () => {
    const repo = path.join(scratch, 'checkout');
    const out = path.join(repo, 'cdk.out');
    mkdirSync(path.join(repo, 'lib'), { recursive: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(repo, 'lib', 'keys.ts'), "// keys\nexport class Keys {\n  constructor() { new AccessKey(this, 'K', { user }); }\n}\n");
    writeFileSync(
      path.join(out, 'manifest.json'),
      JSON.stringify({
        version: '36.0.0',
        artifacts: {
          Keys: {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: 'Keys.template.json' },
            metadata: {
              '/Keys/K/Resource': [
                {
                  type: 'aws:cdk:logicalId',
                  data: 'K1234',
                  trace: ['new CfnAccessKey (/ci/node_modules/aws-cdk-lib/x.js:1:1)', 'new Keys (/builds/acme/lib/keys.ts:3:19)'],
                },
              ],
            },
          },
        },
      }),
    );
    writeFileSync(
      path.join(out, 'Keys.template.json'),
      JSON.stringify({ Resources: { K1234: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'root' } } } }, null, 1),
    );
    const result = await loadCdkAssemblies([out], optionsFor(repo), SEEDS);
    expect(result.diagnostics).toEqual([]);
    const key = result.units[0]?.accessKeys[0];
    expect(key?.constructPath).toBe('Keys/K/Resource');
    expect(key?.createdAt).toEqual({
      file: path.join(repo, 'lib', 'keys.ts'),
      range: { start: { line: 3, column: 19 }, end: { line: 3, column: 56 } },
      logicalPath: 'Keys/K/Resource',
    });
  });

  it('does not read a nested assembly outside the repository and reports a bad manifest', async () => {
    const repo = path.join(scratch, 'escape');
    const out = path.join(repo, 'cdk.out');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'manifest.json'),
      JSON.stringify({ version: '36.0.0', artifacts: { Outside: { type: 'cdk:cloud-assembly', properties: { directoryName: '../../staged' } } } }),
    );
    const broken = path.join(scratch, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'manifest.json'), '{ "version": ');
    const result = await loadCdkAssemblies([out, broken], optionsFor(scratch === '/' ? '/' : repo, [repo, broken]), SEEDS);
    expect(result.units).toEqual([]);
    expect(result.diagnostics.map((d) => [d.kind, path.relative(scratch, d.location.file), d.message])).toEqual([
      ['note', 'escape/cdk.out/manifest.json', 'the nested assembly of artifact Outside (../../staged) is outside the repository being scanned; not read'],
      ['parse-error', 'broken/manifest.json', expect.stringMatching(/^invalid JSON: /)],
    ]);
  });

  // Found on aws-samples/serverless-patterns (cdk-apigw-authorizer-sqs): a project committed cdk.out's
  // manifest.json beside cdk.json, without the templates. Each was a parse-error "cannot read file
  // (ENOENT)" at line 1 of a file that does not exist, and the scan exited 2.
  it('notes a stack whose template the manifest names but which does not exist, at the manifest entry', async () => {
    const dir = path.join(scratch, 'manifest-without-templates');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Kept.template.json'), JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } } } }));
    const manifest = {
      version: '21.0.0',
      artifacts: {
        Kept: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Kept.template.json' } },
        Gone: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'Gone.template.json' },
          metadata: { '/Gone': [{ type: 'aws:cdk:templateFile', data: 'Gone.template.json' }] },
        },
      },
    };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const result = await loadCdkAssemblies([dir], options, SEEDS);
    expect(result.units.map((u) => u.accessKeys.map((k) => k.address))).toEqual([['K']]);
    expect(result.diagnostics.map((d) => [d.kind, path.basename(d.location.file), d.location.range, d.message])).toEqual([
      [
        'note',
        'manifest.json',
        { start: { line: 13, column: 25 }, end: { line: 13, column: 45 } },
        'stack Gone: template "Gone.template.json" does not exist; not analysed',
      ],
    ]);
  });

  it('skips an app without IAM resources when the prefilter is on, and parses it all when it is off', async () => {
    const source = synth('prefilter', (app) => {
      new Stack(app, 'Empty').templateOptions.description = 'no IAM here';
      new Stack(app, 'AlsoEmpty');
    });
    const dir = path.join(scratch, 'prefilter-broken');
    cpSync(source, dir, { recursive: true });
    writeFileSync(path.join(dir, 'Empty.template.json'), '{ "Description": "no IAM here", ');
    const filtered = await loadCdkAssemblies([dir], options, SEEDS);
    expect(filtered).toEqual({ units: [], diagnostics: [] });
    const unfiltered = await loadCdkAssemblies([dir], { ...options, prefilter: false }, SEEDS);
    expect(unfiltered.diagnostics.map((d) => [d.kind, path.basename(d.location.file)])).toEqual([['parse-error', 'Empty.template.json']]);
    expect(unfiltered.units.map((u) => u.accessKeys.length)).toEqual([0]);
  });

  it('keeps every stack of an app with IAM resources, so addresses do not depend on the prefilter', async () => {
    const dir = synth('prefilter-mixed', (app) => {
      consoleUserApp(app);
      new CfnResource(new Stack(app, 'Queues'), 'Queue', { type: 'AWS::SQS::Queue' });
    });
    const addresses = async (prefilter: boolean) =>
      (await loadCdkAssemblies([dir], { ...options, prefilter }, SEEDS)).units.flatMap((u) => u.accessKeys.map((k) => k.address));
    expect(await addresses(true)).toEqual(['People/AnaKeyC4190303']);
    expect(await addresses(false)).toEqual(['People/AnaKeyC4190303']);
  });

  it('does not follow a template symlinked to a file outside the repository', async () => {
    const repo = path.join(scratch, 'symlinked');
    const out = path.join(repo, 'cdk.out');
    mkdirSync(out, { recursive: true });
    const outside = path.join(scratch, 'outside.template.json');
    writeFileSync(outside, JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'root' } } } }));
    symlinkSync(outside, path.join(out, 'S.template.json'));
    writeFileSync(
      path.join(out, 'manifest.json'),
      JSON.stringify({ version: '36.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } } }),
    );
    const result = await loadCdkAssemblies([out], optionsFor(repo), SEEDS);
    expect(result.units).toEqual([]);
    expect(result.diagnostics.map((d) => [d.location.range.start, d.message])).toEqual([
      [{ line: 1, column: 102 }, 'the template of artifact S (S.template.json) is outside the repository being scanned; not read'],
    ]);
  });

  it('analyses a stack template named twice once', async () => {
    const source = synth('twice', consoleUserApp);
    const dir = path.join(scratch, 'twice-copy');
    cpSync(source, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, unknown> };
    manifest.artifacts['PeopleAgain'] = manifest.artifacts['People'];
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const unit = (await loadCdkAssemblies([dir], options, SEEDS)).units[0];
    expect(unit?.accessKeys).toHaveLength(1);
  });
});

describe('loadCdkAssemblies robustness', () => {
  it('reads any manifest-shaped JSON without failing internally', async () => {
    const fc = await import('fast-check');
    const root = path.join(scratch, 'fuzz');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'T.template.json'), JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'u' } } } }));
    let n = 0;
    const anything = fc.jsonValue({ maxDepth: 3 });
    const entry = fc.record(
      {
        type: fc.constantFrom('aws:cdk:logicalId', 'aws:cdk:creationStack', 'aws:cdk:templateFile', 'x'),
        data: fc.oneof(fc.constant('K'), fc.constant('../T.template.json'), fc.array(fc.string()), anything),
        trace: fc.oneof(fc.array(fc.string()), anything),
      },
      { requiredKeys: ['type'] },
    );
    const artifact = fc.record(
      {
        type: fc.constantFrom('aws:cloudformation:stack', 'cdk:cloud-assembly', 'cdk:tree'),
        displayName: fc.oneof(fc.string(), anything),
        properties: fc.oneof(
          fc.record(
            {
              templateFile: fc.oneof(fc.constant('../T.template.json'), fc.string(), anything),
              directoryName: fc.oneof(fc.constant('.'), fc.constant('..'), fc.string()),
            },
            { requiredKeys: [] },
          ),
          anything,
        ),
        metadata: fc.oneof(fc.dictionary(fc.constantFrom('/S', '/S/K', '/S/K/Resource', 'K'), fc.array(entry, { maxLength: 3 })), anything),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ version: fc.string(), artifacts: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), artifact, { maxKeys: 3 }), anything) }),
        async (manifest) => {
          const dir = path.join(root, `a${n++}`);
          mkdirSync(dir, { recursive: true });
          writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
          const result = await loadCdkAssemblies([dir], optionsFor(root), SEEDS);
          expect(result.diagnostics.filter((d) => d.message.startsWith('internal error while analysing'))).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
