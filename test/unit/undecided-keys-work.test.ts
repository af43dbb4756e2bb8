import { describe, expect, it } from 'vitest';
import { range } from '../../src/core/location.js';
import { linkCredentials, type LinkedUnit, type Undecided } from '../../src/model/link-credentials.js';
import { complementaryKeyPairs } from '../../src/model/undecided-owners.js';
import { knownFact, type AccessKey, type DeploymentUnit, type LoginProfile } from '../../src/model/model.js';
import { runRules } from '../../src/run-rules/run-rules.js';
import { rules } from '../../rules/index.js';

// A `for_each` filtered by a condition that is unknown for each element gives one key per element whose
// existence alone is unknown (`partial-collection.ts`): thousands from one block. What the rules do with
// them must grow with their number, not with its square (9,000 elements took 49 s, exit code 0).

const at = { file: '/repo/main.tf', range: range(3, 1, 3, 10) };

function key(id: string, user: string): AccessKey {
  return {
    kind: 'access-key',
    id,
    address: id,
    location: at,
    suppressionAnchors: [at],
    user: knownFact({ kind: 'name', name: user }, at),
    status: knownFact('Active', at, 'defaulted'),
    existenceUnknown: 'the for_each filter is unknown for this element',
  };
}

function profile(id: string, user: string, existenceUnknown?: string): LoginProfile {
  return {
    kind: 'login-profile',
    id,
    address: id,
    location: at,
    suppressionAnchors: [at],
    user: knownFact({ kind: 'name', name: user }, at),
    ...(existenceUnknown === undefined ? {} : { existenceUnknown }),
  };
}

function unit(profiles: LoginProfile[], keys: AccessKey[]): DeploymentUnit {
  return { id: 'terraform:.', format: 'terraform', root: '/repo', users: [], loginProfiles: profiles, accessKeys: keys };
}

/** The linked unit with its undecided list counting the elements read of it. */
function counted(linked: LinkedUnit): { linked: LinkedUnit; reads: () => number } {
  let reads = 0;
  const undecided = new Proxy([...linked.undecided], {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as readonly Undecided[];
  return { linked: { ...linked, undecided }, reads: () => reads };
}

const N = 1500;

describe('undecided keys in number', () => {
  it('finds the keys surely of each identity by reading the undecided list once, not once per identity', () => {
    const names = Array.from({ length: N }, (_, i) => `u${String(i)}`);
    const { linked, reads } = counted(
      linkCredentials(
        unit(
          names.map((name) => profile(`p.${name}`, name)),
          names.map((name) => key(`k.${name}`, name)),
        ),
      ),
    );
    expect(linked.identities).toHaveLength(N);
    for (const identity of linked.identities) expect(complementaryKeyPairs(identity, linked.undecided)).toEqual([]);
    expect(reads()).toBeLessThan(3 * N);
  });

  it('stops counting the keys that may share a user with an undecided key at two', () => {
    const { linked, reads } = counted(
      linkCredentials(
        unit(
          [profile('p', 'ops')],
          Array.from({ length: N }, (_, i) => key(`k[${String(i)}]`, 'ops')),
        ),
      ),
    );
    const run = runRules(
      linked,
      rules.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.meta.defaultOptions })),
      true,
    );
    // Every key is a warning of its own (each may be the second); none is certain.
    expect(run.findings.filter((f) => f.ruleId === 'multiple-active-access-keys')).toHaveLength(N);
    expect(run.findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(reads()).toBeLessThan(20 * N);
  });

  it('with --report-unknown, compares an undecided resource of a known name only with those of that name or of no known name', () => {
    // Each element its own user, its login profile and key both filtered by a condition unknown per element.
    const names = Array.from({ length: N }, (_, i) => `u${String(i)}`);
    const { linked, reads } = counted(
      linkCredentials(
        unit(
          names.map((name) => profile(`p.${name}`, name, 'the for_each filter is unknown for this element')),
          names.map((name) => key(`k.${name}`, name)),
        ),
      ),
    );
    expect(linked.undecided).toHaveLength(2 * N);
    const run = runRules(
      linked,
      rules.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.meta.defaultOptions })),
      true,
    );
    // Each login profile may meet its own user's key; no user may have two keys.
    const warnings = run.findings.filter((f) => f.ruleId === 'console-user-with-access-key');
    expect(warnings).toHaveLength(N);
    expect(warnings.every((f) => f.severity === 'warning' && f.message.includes('p.u'))).toBe(true);
    expect(run.findings.filter((f) => f.ruleId === 'multiple-active-access-keys')).toEqual([]);
    // Was 2N x 2N reads (9,000,000 here; 9,000 elements took 80 s).
    expect(reads()).toBeLessThan(20 * N);
  });
});
