import { loadOptionsFor } from '../support/load-options.js';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadOptions } from '../../src/formats/load-options.js';
import { lint } from '../../src/engine.js';
import { loadTfPlans } from '../../src/formats/tf-plan/load-plans.js';
import { linkCredentials } from '../../src/model/link-credentials.js';
import type { DeploymentUnit } from '../../src/model/model.js';
import { FileReader } from '../../src/io/file-reader.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
// Plans from temporary directories and ../shared: the file boundary is tested in security-file-boundary.test.ts.
const options: LoadOptions = loadOptionsFor(repo, { reader: new FileReader(['/'], 10 * 1024 * 1024), prefilter: true });

function fixture(rule: string, polarity: string, name: string): string {
  return path.join(repo, 'fixtures', rule, 'tf-plan', polarity, name, 'tfplan.json');
}

async function loadOne(file: string): Promise<DeploymentUnit> {
  const result = await loadTfPlans([file], options);
  expect(result.diagnostics).toEqual([]);
  expect(result.units).toHaveLength(1);
  return result.units[0]!;
}

describe('loadTfPlans on the fixtures', () => {
  it('links a key and login profile to a user whose name is known only after apply, through configuration references', async () => {
    const unit = await loadOne(fixture('console-user-with-access-key', 'positive', 'initial-setup-by-reference'));
    expect(unit.id).toBe('tf-plan:fixtures/console-user-with-access-key/tf-plan/positive/initial-setup-by-reference/tfplan.json');
    expect(unit.format).toBe('tf-plan');
    const [user] = unit.users;
    expect(user?.address).toBe('module.staff.aws_iam_user.this');
    expect(user?.name).toMatchObject({ known: false, unknownReason: 'name of module.staff.aws_iam_user.this is known only after apply' });
    expect(unit.accessKeys.map((k) => [k.address, k.user, k.plannedAction])).toEqual([
      [
        'module.staff.aws_iam_access_key.this',
        expect.objectContaining({ known: true, value: { kind: 'user', userId: 'module.staff.aws_iam_user.this' } }),
        'create',
      ],
    ]);
    expect(unit.loginProfiles[0]?.user).toMatchObject({ known: true, value: { kind: 'user', userId: 'module.staff.aws_iam_user.this' } });
    expect([user, ...unit.loginProfiles, ...unit.accessKeys].map((r) => r?.plannedAction)).toEqual(['create', 'create', 'create']);
    const linked = linkCredentials(unit);
    expect(linked.identities).toHaveLength(1);
    expect(linked.identities[0]).toMatchObject({ identity: 'user:module.staff.aws_iam_user.this', userName: undefined });
    expect(linked.identities[0]?.accessKeys).toHaveLength(1);
    expect(linked.identities[0]?.loginProfiles).toHaveLength(1);
  });

  it('locates each resource at its object in planned_values and a written attribute at its property', async () => {
    const file = fixture('multiple-active-access-keys', 'positive', 'two-active-keys');
    const unit = await loadOne(file);
    expect(unit.accessKeys.map((k) => k.address)).toEqual(['aws_iam_access_key.ci[0]', 'aws_iam_access_key.ci[1]']);
    const second = unit.accessKeys[1]!;
    expect(second.location).toEqual({
      file,
      logicalPath: 'planned_values.root_module.resources[2]',
      range: { start: { line: 41, column: 9 }, end: { line: 55, column: 10 } },
    });
    expect(second.status).toEqual({
      known: true,
      value: 'Active',
      origin: 'written',
      location: {
        file,
        logicalPath: 'planned_values.root_module.resources[2].values.status',
        range: { start: { line: 51, column: 13 }, end: { line: 51, column: 31 } },
      },
    });
    expect(second.user).toMatchObject({ known: true, value: { kind: 'name', name: 'ci' } });
    expect(unit.users[0]?.name).toMatchObject({ known: true, value: 'ci', location: { range: { start: { line: 17, column: 13 } } } });
  });

  it('leaves out keys the plan deletes and keeps the planned action of the others', async () => {
    const rotation = await loadOne(fixture('multiple-active-access-keys', 'negative', 'old-key-deleted'));
    expect(rotation.accessKeys.map((k) => [k.address, k.plannedAction])).toEqual([['aws_iam_access_key.new', 'create']]);
    const deleted = await loadOne(fixture('console-user-with-access-key', 'negative', 'key-deleted'));
    expect(deleted.accessKeys).toEqual([]);
    expect(deleted.loginProfiles.map((p) => p.plannedAction)).toEqual(['no-op']);
  });

  it('links by a sensitive name, which plan JSON shows in plain text, and keeps it marked sensitive', async () => {
    const unit = await loadOne(fixture('console-user-with-access-key', 'positive', 'sensitive-user-name'));
    const name = { known: true, sensitive: true, value: { kind: 'name', name: 'ana.silva' } };
    expect(unit.accessKeys.map((k) => k.user)).toMatchObject([name]);
    expect(unit.loginProfiles.map((p) => p.user)).toMatchObject([name]);
    expect(unit.users.map((u) => u.name)).toMatchObject([{ known: true, sensitive: true, value: 'ana.silva' }]);
    const linked = linkCredentials(unit);
    expect(linked.identities).toHaveLength(1);
    expect(linked.identities[0]).toMatchObject({ displayName: 'aws_iam_user.staff (its name is a sensitive value)', nameSensitive: true });
    expect(linked.identities[0]?.accessKeys).toHaveLength(1);
    expect(linked.identities[0]?.loginProfiles).toHaveLength(1);
  });

  it('reads an Inactive status as written', async () => {
    const unit = await loadOne(fixture('multiple-active-access-keys', 'negative', 'inactive-second-key'));
    expect(unit.accessKeys.map((k) => [k.address, k.status.known && k.status.value, k.plannedAction])).toEqual([
      ['aws_iam_access_key.old', 'Inactive', 'update'],
      ['aws_iam_access_key.new', 'Active', 'create'],
    ]);
  });
});

async function writePlan(plan: unknown, name = 'tfplan.json'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'credlint-plan-'));
  const file = path.join(dir, name);
  await writeFile(file, typeof plan === 'string' ? plan : JSON.stringify(plan, null, 2));
  return file;
}

const userResource = (module: string, name: string, values: Record<string, unknown>, index?: number | string) => ({
  address: `${module ? `${module}.` : ''}aws_iam_user.${name}${
    index === undefined
      ? ''
      : JSON.stringify([index])
          .slice(1, -1)
          .replace(/^(.*)$/, '[$1]')
  }`,
  mode: 'managed',
  type: 'aws_iam_user',
  name,
  ...(index === undefined ? {} : { index }),
  values,
});

describe('loadTfPlans on objects a plan forgets', () => {
  it('keeps a key the plan forgets, with the user and status of its prior object, located at its change', async () => {
    const file = fixture('console-user-with-access-key', 'positive', 'key-forgotten');
    const unit = await loadOne(file);
    expect(unit.accessKeys.map((k) => [k.id, k.address, k.plannedAction, k.unmanaged])).toEqual([
      ['aws_iam_access_key.ops', 'aws_iam_access_key.ops', 'forget', 'forgotten by this plan: Terraform stops managing it, but it stays in AWS'],
    ]);
    const key = unit.accessKeys[0]!;
    expect(key.location).toEqual({ file, logicalPath: 'resource_changes[2]', range: { start: { line: 102, column: 5 }, end: { line: 123, column: 6 } } });
    expect(key.status).toMatchObject({
      known: true,
      value: 'Active',
      origin: 'written',
      location: { logicalPath: 'resource_changes[2].change.before.status', range: { start: { line: 114, column: 11 } } },
    });
    expect(key.user).toMatchObject({ known: true, value: { kind: 'name', name: 'ops' } });
    expect(linkCredentials(unit).identities[0]?.accessKeys).toEqual([key]);
  });

  it('keeps forgotten deposed objects and the object a create-then-forget replacement forgets, never a deposed object it deletes', async () => {
    const key = (address: string, actions: string[], before: unknown, extra: Record<string, unknown> = {}) => ({
      address,
      mode: 'managed',
      type: address.split('.')[0],
      name: address.split('.')[1],
      ...extra,
      change: { actions, before, after: actions.includes('create') ? { user: 'ci', status: 'Active' } : null, after_unknown: {} },
    });
    const changes = [
      key('aws_iam_access_key.rotated', ['create', 'forget'], { user: 'ci', status: 'Active', id: 'AKIAOLD' }),
      key('aws_iam_access_key.rotated', ['forget'], { user: 'ci', status: 'Inactive', id: 'AKIADEPOSED' }, { deposed: '1a2b3c4d' }),
      key('aws_iam_access_key.gone', ['delete'], { user: 'ci', status: 'Active', id: 'AKIAGONE' }, { deposed: '5e6f7a8b' }),
      key('aws_iam_user.ci', ['forget'], { name: 'ci', id: 'ci' }),
      key('aws_iam_user_login_profile.ci', ['forget'], { user: 'ci' }),
      key('aws_iam_access_key.none', ['forget'], null),
    ];
    for (const plan of [
      { format_version: '1.2', resource_changes: changes },
      {
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: [
              { address: 'aws_iam_access_key.rotated', mode: 'managed', type: 'aws_iam_access_key', name: 'rotated', values: { user: 'ci', status: 'Active' } },
            ],
          },
        },
        resource_changes: changes,
      },
    ]) {
      const unit = await loadOne(await writePlan(plan));
      expect(unit.accessKeys.map((k) => [k.id, k.plannedAction, k.unmanaged !== undefined, k.status.known && k.status.value])).toEqual([
        ['aws_iam_access_key.rotated', 'replace', false, 'Active'],
        ['aws_iam_access_key.rotated (replaced object)', 'forget', true, 'Active'],
        ['aws_iam_access_key.rotated (deposed object 1a2b3c4d)', 'forget', true, 'Inactive'],
      ]);
      expect(unit.users.map((u) => [u.address, u.plannedAction, u.name?.known && u.name.value])).toEqual([['aws_iam_user.ci', 'forget', 'ci']]);
      expect(unit.loginProfiles.map((p) => [p.address, p.plannedAction, p.user.known && p.user.value])).toEqual([
        ['aws_iam_user_login_profile.ci', 'forget', { kind: 'name', name: 'ci' }],
      ]);
      const [identity] = linkCredentials(unit).identities;
      expect(identity?.accessKeys).toHaveLength(3);
      expect(identity?.users).toHaveLength(1);
    }
  });

  it('names a forgotten key in the finding and keeps a sensitive prior value secret', async () => {
    const file = await writePlan({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_iam_access_key.new',
          type: 'aws_iam_access_key',
          name: 'new',
          change: { actions: ['create'], before: null, after: { user: 'ana.silva', status: 'Active' }, after_unknown: {}, after_sensitive: { user: true } },
        },
        {
          address: 'aws_iam_access_key.old',
          type: 'aws_iam_access_key',
          name: 'old',
          change: {
            actions: ['forget'],
            before: { user: 'ana.silva', status: 'Active' },
            after: null,
            before_sensitive: { user: true },
            after_sensitive: false,
          },
        },
      ],
    });
    const result = await lint({ paths: [file], cwd: path.dirname(file) });
    expect(result.findings.map((f) => [f.ruleId, f.message, f.location.logicalPath])).toEqual([
      [
        'multiple-active-access-keys',
        'IAM user (sensitive value) has 2 active access keys (aws_iam_access_key.new, aws_iam_access_key.old (forgotten by this plan: Terraform stops managing it, but it stays in AWS)); at most one may be active.',
        'resource_changes[1]',
      ],
    ]);
  });
});

describe('loadTfPlans linking through configuration', () => {
  it('follows var.* into the calling module and module outputs into the called module', async () => {
    const file = await writePlan({
      format_version: '1.2',
      planned_values: {
        root_module: {
          child_modules: [
            { address: 'module.people', resources: [userResource('module.people', 'person', {}, 'ana'), userResource('module.people', 'person', {}, 'bo')] },
            {
              address: 'module.keys["ana"]',
              resources: [{ address: 'module.keys["ana"].aws_iam_access_key.k', mode: 'managed', type: 'aws_iam_access_key', name: 'k', values: {} }],
            },
          ],
        },
      },
      resource_changes: [
        {
          address: 'module.keys["ana"].aws_iam_access_key.k',
          module_address: 'module.keys["ana"]',
          type: 'aws_iam_access_key',
          name: 'k',
          change: { actions: ['create'], after: {}, after_unknown: { user: true, status: true } },
        },
      ],
      configuration: {
        root_module: {
          module_calls: {
            people: {
              module: {
                resources: [{ address: 'aws_iam_user.person', type: 'aws_iam_user', name: 'person', expressions: {} }],
                outputs: { names: { expression: { references: ['aws_iam_user.person'] } } },
              },
            },
            keys: {
              for_each_expression: { references: ['module.people.names'] },
              expressions: { user: { references: ['module.people.names["ana"]', 'module.people.names', 'module.people', 'each.key'] } },
              module: {
                resources: [{ address: 'aws_iam_access_key.k', type: 'aws_iam_access_key', name: 'k', expressions: { user: { references: ['var.user'] } } }],
              },
            },
          },
        },
      },
    });
    const result = await loadTfPlans([file], options);
    const key = result.units[0]?.accessKeys[0];
    expect(key?.user).toMatchObject({ known: true, value: { kind: 'user', userId: 'module.people.aws_iam_user.person["ana"]' } });
    // An unset status that older providers mark as computed is still the provider default.
    expect(key?.status).toMatchObject({ known: true, value: 'Active', origin: 'defaulted' });
  });

  it('keeps a user unknown when the reference is ambiguous, and a status unknown when the configuration writes it', async () => {
    const file = await writePlan({
      format_version: '1.1',
      planned_values: {
        root_module: {
          resources: [
            userResource('', 'a', {}),
            userResource('', 'b', {}),
            { address: 'aws_iam_access_key.k', mode: 'managed', type: 'aws_iam_access_key', name: 'k', values: {} },
          ],
        },
      },
      resource_changes: [
        { address: 'aws_iam_user.a', type: 'aws_iam_user', name: 'a', change: { actions: ['create'], after: {}, after_unknown: { name: true } } },
        {
          address: 'aws_iam_access_key.k',
          type: 'aws_iam_access_key',
          name: 'k',
          change: { actions: ['create'], after: {}, after_unknown: { user: true, status: true } },
        },
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_access_key.k',
              type: 'aws_iam_access_key',
              name: 'k',
              expressions: {
                user: { references: ['var.first', 'aws_iam_user.a.name', 'aws_iam_user.a', 'aws_iam_user.b.name', 'aws_iam_user.b'] },
                status: { references: ['var.status'] },
              },
            },
          ],
        },
      },
    });
    const key = (await loadTfPlans([file], options)).units[0]?.accessKeys[0];
    expect(key?.user).toMatchObject({
      known: false,
      unknownReason:
        'user of aws_iam_access_key.k is known only after apply and cannot be followed: it refers to several users (aws_iam_user.a, aws_iam_user.b)',
    });
    expect(key?.status).toMatchObject({ known: false, unknownReason: 'status of aws_iam_access_key.k is known only after apply' });
  });

  it('matches count instances by index when the reference uses count.index', async () => {
    const file = await writePlan({
      format_version: '1.0',
      planned_values: {
        root_module: {
          resources: [
            userResource('', 'u', {}, 0),
            userResource('', 'u', {}, 1),
            { address: 'aws_iam_access_key.k[1]', mode: 'managed', type: 'aws_iam_access_key', name: 'k', index: 1, values: { status: 'Active' } },
          ],
        },
      },
      resource_changes: [
        {
          address: 'aws_iam_access_key.k[1]',
          type: 'aws_iam_access_key',
          name: 'k',
          index: 1,
          change: { actions: ['create'], after: {}, after_unknown: { user: true } },
        },
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_access_key.k',
              type: 'aws_iam_access_key',
              name: 'k',
              expressions: { user: { references: ['aws_iam_user.u', 'count.index'] } },
            },
          ],
        },
      },
    });
    const key = (await loadTfPlans([file], options)).units[0]?.accessKeys[0];
    expect(key?.user).toMatchObject({ known: true, value: { kind: 'user', userId: 'aws_iam_user.u[1]' } });
  });
});

describe('loadTfPlans inputs', () => {
  it('reads a sensitive status as written, and keeps one known only after apply unknown rather than the default', async () => {
    const key = (name: string, after: Record<string, unknown>, unknown: Record<string, unknown>) => ({
      address: `aws_iam_access_key.${name}`,
      mode: 'managed',
      type: 'aws_iam_access_key',
      name,
      change: { actions: ['create'], before: null, after, after_unknown: unknown, after_sensitive: { status: true } },
    });
    const file = await writePlan({
      format_version: '1.2',
      resource_changes: [key('off', { user: 'ci', status: 'Inactive' }, {}), key('later', { user: 'ci' }, { status: true })],
    });
    const keys = (await loadTfPlans([file], options)).units[0]?.accessKeys;
    expect(keys?.map((k) => k.status)).toMatchObject([
      { known: true, value: 'Inactive', sensitive: true },
      { known: false, unknownReason: 'status of aws_iam_access_key.later is known only after apply' },
    ]);
  });

  it('reads a plan that has only resource_changes, locating resources there', async () => {
    const file = await writePlan({
      format_version: '0.1',
      resource_changes: [
        {
          address: 'aws_iam_access_key.gone',
          mode: 'managed',
          type: 'aws_iam_access_key',
          name: 'gone',
          change: { actions: ['delete'], before: { user: 'root' }, after: null },
        },
        {
          address: 'aws_iam_access_key.k',
          mode: 'managed',
          type: 'aws_iam_access_key',
          name: 'k',
          change: { actions: ['delete', 'create'], after: { user: 'root' } },
        },
      ],
    });
    const unit = (await loadTfPlans([file], options)).units[0];
    expect(unit?.accessKeys.map((k) => [k.address, k.plannedAction, k.location.logicalPath, k.location.range.start])).toEqual([
      ['aws_iam_access_key.k', 'replace', 'resource_changes[1]', { line: 19, column: 5 }],
    ]);
  });

  it('reports invalid JSON as a parse error at the offending position and ignores JSON that is not a plan', async () => {
    const broken = await writePlan('{\n  "format_version": "1.2",\n  "planned_values": {,\n}\n');
    const other = await writePlan({ name: 'app', version: '1.0.0' }, 'package.json');
    const result = await loadTfPlans([broken, other], options);
    expect(result.units).toEqual([]);
    expect(result.diagnostics).toEqual([
      {
        kind: 'parse-error',
        message: 'invalid JSON: ValueExpected',
        location: { file: broken, range: { start: { line: 3, column: 22 }, end: { line: 3, column: 23 } } },
      },
    ]);
  });

  it('notes a plan from a failed or incomplete terraform plan', async () => {
    const file = await writePlan('{\n  "format_version": "1.2",\n  "resource_changes": [],\n  "complete": false,\n  "errored": true\n}\n');
    const result = await loadTfPlans([file], options);
    expect(result.units).toHaveLength(1);
    expect(result.diagnostics.map((d) => [d.kind, d.location.range, d.message])).toEqual([
      [
        'note',
        { start: { line: 5, column: 3 }, end: { line: 5, column: 18 } },
        'the plan is from a failed terraform plan ("errored": true): resources planned after the error are missing',
      ],
      [
        'note',
        { start: { line: 4, column: 3 }, end: { line: 4, column: 20 } },
        'Terraform marks the plan incomplete ("complete": false): some changes are deferred to a later plan',
      ],
    ]);
  });

  it('reports an unreadable file instead of throwing', async () => {
    const missing = path.join(tmpdir(), 'credlint-no-such-plan.json');
    const result = await loadTfPlans([missing], options);
    expect(result.diagnostics.map((d) => [d.kind, d.message])).toEqual([['parse-error', 'file does not exist']]);
  });
});

const corpus = path.resolve(repo, '../shared/corpus/plans');

describe.skipIf(!existsSync(corpus))('loadTfPlans on real plans (../shared/corpus/plans)', () => {
  it('loads every corpus plan without diagnostics', async () => {
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name.endsWith('.json')) files.push(full);
      }
    };
    await walk(corpus);
    const result = await loadTfPlans(files, options);
    expect(result.diagnostics).toEqual([]);
    expect(result.units).toHaveLength(files.length);
  });

  it('models the terragoat key: one key for a user declared in the plan, status defaulted to Active', async () => {
    const unit = await loadOne(path.join(corpus, 'bridgecrewio__checkov/tests/terraform/runner/resources/plan/tfplan.json'));
    expect(unit.users.map((u) => u.name?.known && u.name.value)).toEqual(['123456789123-acme-corp-user']);
    expect(unit.accessKeys.map((k) => [k.address, k.user.known && k.user.value, k.status.known && k.status.value, k.status.origin, k.plannedAction])).toEqual([
      ['aws_iam_access_key.user', { kind: 'name', name: '123456789123-acme-corp-user' }, 'Active', 'defaulted', 'create'],
    ]);
  });
});

describe('loadTfPlans robustness', () => {
  it('models any plan-shaped JSON without failing internally', async () => {
    const fc = await import('fast-check');
    const dir = await mkdtemp(path.join(tmpdir(), 'credlint-plan-fuzz-'));
    let n = 0;
    const anything = fc.jsonValue({ maxDepth: 3 });
    const resource = fc.record(
      {
        address: fc.oneof(fc.constantFrom('aws_iam_access_key.k', 'module.a["x"].aws_iam_user.u[0]', 'aws_iam_user_login_profile.p'), fc.string()),
        type: fc.constantFrom('aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_access_key', 'aws_s3_bucket'),
        name: fc.constantFrom('k', 'u', 'p'),
        index: fc.oneof(fc.integer(), fc.string(), anything),
        values: fc.oneof(fc.record({ user: anything, name: anything, status: anything }, { requiredKeys: [] }), anything),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          format_version: fc.constant('1.2'),
          planned_values: fc.oneof(
            fc.record({
              root_module: fc.record(
                {
                  resources: fc.array(resource, { maxLength: 4 }),
                  child_modules: fc.oneof(
                    anything,
                    fc.array(fc.record({ address: fc.string(), resources: fc.array(resource, { maxLength: 2 }) }), { maxLength: 2 }),
                  ),
                },
                { requiredKeys: [] },
              ),
            }),
            anything,
          ),
          resource_changes: fc.oneof(
            fc.array(
              fc.record(
                {
                  address: fc.string(),
                  type: fc.string(),
                  name: fc.string(),
                  deposed: anything,
                  change: fc.record(
                    {
                      actions: fc.oneof(fc.array(fc.constantFrom('create', 'delete', 'update', 'no-op', 'forget')), anything),
                      before: fc.oneof(fc.record({ user: anything, name: anything, status: anything }, { requiredKeys: [] }), anything),
                      before_sensitive: anything,
                      after_unknown: anything,
                    },
                    { requiredKeys: [] },
                  ),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
            anything,
          ),
          configuration: anything,
        }),
        async (plan) => {
          const file = path.join(dir, `plan-${n++}.json`);
          await writeFile(file, JSON.stringify(plan));
          const result = await loadTfPlans([file], options);
          expect(result.diagnostics.filter((d) => d.message.startsWith('internal error while analysing'))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
