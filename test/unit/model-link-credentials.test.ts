import { describe, expect, it } from 'vitest';
import { range } from '../../src/core/location.js';
import { linkCredentials } from '../../src/model/link-credentials.js';
import { generatedName, isIamUserName, mayShareUser } from '../../src/model/undecided-owners.js';
import { knownFact, type AccessKey, type DeploymentUnit, type IamUser } from '../../src/model/model.js';

const at = (line: number) => ({ file: '/repo/main.tf', range: range(line, 1, line, 10) });

function key(id: string, user: string, line: number): AccessKey {
  return {
    kind: 'access-key',
    id,
    address: id,
    location: at(line),
    suppressionAnchors: [at(line)],
    user: knownFact({ kind: 'name', name: user }, at(line)),
    status: knownFact('Active', at(line), 'defaulted'),
  };
}

function user(id: string, name: string, line: number): IamUser {
  return { kind: 'user', id, address: id, location: at(line), suppressionAnchors: [at(line)], name: knownFact(name, at(line)) };
}

function unit(users: IamUser[], keys: AccessKey[]): DeploymentUnit {
  return { id: 'terraform:.', format: 'terraform', root: '/repo', users, loginProfiles: [], accessKeys: keys };
}

describe('linkCredentials', () => {
  it('joins names case-insensitively, as IAM does, and shows the declared spelling', () => {
    const linked = linkCredentials(unit([user('aws_iam_user.ops', 'Ops', 1)], [key('k1', 'ops', 5), key('k2', 'OPS', 9)]));
    expect(linked.identities).toHaveLength(1);
    expect(linked.identities[0]).toMatchObject({ userName: 'Ops', displayName: '"Ops"' });
    expect(linked.identities[0]?.accessKeys.map((k) => k.id)).toEqual(['k1', 'k2']);
  });

  it('names a user with an empty name by its address', () => {
    const linked = linkCredentials(unit([user('aws_iam_user.this[0]', '', 1)], [key('k', '', 5)]));
    expect(linked.identities[0]?.displayName).toBe('aws_iam_user.this[0] (with an empty name)');
  });

  it('keeps keys of different users apart and sorts identities', () => {
    const linked = linkCredentials(unit([], [key('k1', 'zed', 1), key('k2', 'amy', 2)]));
    expect(linked.identities.map((i) => i.identity)).toEqual(['name:amy', 'name:zed']);
  });
});

describe('linkCredentials with unknowns', () => {
  it('gives the existence reason for a placeholder whose user could not be evaluated either', () => {
    const placeholder: AccessKey = {
      ...key('aws_iam_access_key.k', 'x', 3),
      existenceUnknown: 'for_each is unknown: var.users has no value',
      user: { known: false, unknownReason: 'each is only available in a block with for_each', origin: 'written', location: at(3) },
    };
    const linked = linkCredentials(unit([], [placeholder]));
    expect(linked.undecided).toEqual([{ resource: placeholder, reason: 'for_each is unknown: var.users has no value', identity: undefined }]);
    expect(linked.identities).toEqual([]);
  });

  it('never takes keys of two users with generated names for one user, whatever else is unknown', () => {
    const generated = (id: string, line: number): IamUser => ({ kind: 'user', id, address: id, location: at(line), suppressionAnchors: [at(line)] });
    const keyOf = (id: string, userId: string | undefined, line: number): AccessKey => ({
      ...key(id, 'x', line),
      existenceUnknown: 'condition Keys is unknown',
      user:
        userId === undefined
          ? { known: false, unknownReason: 'UserName is unknown', origin: 'written', location: at(line) }
          : knownFact({ kind: 'user', userId }, at(line)),
    });
    const named = { ...key('Named', 'ops', 9), existenceUnknown: 'condition Keys is unknown' };
    const linked = linkCredentials(
      unit(
        [generated('A', 1), generated('B', 2)],
        [keyOf('KeyA', 'A', 5), keyOf('KeyA2', 'A', 6), keyOf('KeyB', 'B', 7), keyOf('Unknown', undefined, 8), named],
      ),
    );
    const [a, a2, b, unknownUser, ops] = linked.undecided;
    expect(linked.undecided.map((u) => [u.resource.id, generatedName(u)])).toEqual([
      ['KeyA', true],
      ['KeyA2', true],
      ['KeyB', true],
      ['Unknown', false],
      ['Named', false],
    ]);
    if (!a || !a2 || !b || !unknownUser || !ops) throw new Error('five undecided keys');
    expect([mayShareUser(a, a2), mayShareUser(a, b), mayShareUser(a, ops), mayShareUser(a, unknownUser)]).toEqual([true, false, false, true]);
  });
});

describe('isIamUserName', () => {
  it('accepts what IAM accepts ([\\w+=,.@-], 1 to 64 characters) and refuses anything else', () => {
    expect(['root', 'ci-deploy', 'a.b@c.d', 'x+y=z,1_', 'a'.repeat(64)].map(isIamUserName)).toEqual([true, true, true, true, true]);
    expect(['<root_account>', '', 'my user', 'ünï', 'a'.repeat(65)].map(isIamUserName)).toEqual([false, false, false, false, false]);
  });
});
