import { describe, expect, it } from 'vitest';
import { HEADER, stack, summarise as summary } from '../support/cdk-source-harness.js';

describe('CDK source extractor: objects filled in place', () => {
  it('reads users[name] = new iam.User(...) written in a loop, per key, and through Object.entries and Object.values', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const users: Record<string, iam.User> = {};\n' +
          "    for (const name of ['ana', 'root']) users[name] = new iam.User(this, name, { userName: name });\n" +
          "    new iam.AccessKey(this, 'Ana', { user: users['ana'] });\n" +
          '    for (const [name, user] of Object.entries(users)) new iam.AccessKey(this, `E${name}`, { user });\n' +
          "    for (const user of Object.values(users)) new iam.CfnAccessKey(this, 'V', { userName: user.userName });\n",
      ),
    });
    expect(keys).toEqual([
      'People/Ana | user People/ana | Active',
      'People/Eana | user People/ana | Active',
      'People/Eroot | user People/root | Active',
      'People/V[0] | name ana | Active',
      'People/V[1] | name root | Active',
    ]);
  });

  it('sees the writes made before a construct, the last one for each key, once per run of the code declaring the object', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const byRole: { [role: string]: iam.User } = {};\n' +
          "    byRole.ci = new iam.User(this, 'One', { userName: 'one' });\n" +
          "    new iam.AccessKey(this, 'A', { user: byRole.ci });\n" +
          "    byRole['ci'] = new iam.User(this, 'Two', { userName: 'two' });\n" +
          "    new iam.AccessKey(this, 'B', { user: byRole.ci });\n" +
          "    for (const team of ['x', 'y']) {\n" +
          '      const members: Record<string, iam.User> = {};\n' +
          '      members.lead = new iam.User(this, `${team}Lead`, { userName: `${team}-lead` });\n' +
          "      new iam.AccessKey(this, `${team}Key`, { user: members['lead'] });\n" +
          '    }\n',
      ),
    });
    expect(keys).toEqual([
      'People/A | user People/One | Active',
      'People/B | user People/Two | Active',
      'People/xKey | user People/xLead | Active',
      'People/yKey | user People/yLead | Active',
    ]);
  });

  it('leaves the object unknown where a write may not run, has an unknown key, or goes through a function (a plain value written before the read is known)', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const maybe: Record<string, iam.User> = {};\n' +
          "    maybe.ci = new iam.User(this, 'Ci', { userName: 'ci' });\n" +
          "    if (props.withKey) maybe.ci = new iam.User(this, 'Other', { userName: 'other' });\n" +
          "    new iam.AccessKey(this, 'Maybe', { user: maybe.ci });\n" +
          '    const anyKey: Record<string, iam.User> = {};\n' +
          "    anyKey.a = new iam.User(this, 'A', { userName: 'a' });\n" +
          "    anyKey[props.userName] = new iam.User(this, 'B', { userName: 'b' });\n" +
          "    new iam.AccessKey(this, 'AnyKey', { user: anyKey.a });\n" +
          '    const names: Record<string, string> = {};\n' +
          "    names.ci = 'root';\n" +
          "    new iam.CfnAccessKey(this, 'Names', { userName: names.ci });\n" +
          '    const handed: Record<string, iam.User> = {};\n' +
          "    handed.a = new iam.User(this, 'H', { userName: 'h' });\n" +
          '    swap(handed);\n' +
          "    new iam.AccessKey(this, 'Handed', { user: handed.a });\n",
      ).replace('export class', 'function swap(x: Record<string, iam.User>) { x.a = x.b; }\nexport class'),
    });
    expect(keys).toEqual([
      "People/Maybe | ? maybe.ci = new iam.User(this, 'Other', { userName: 'other' … may set it: created only if props.withKey, which is not known statically | Active",
      "People/AnyKey | ? anyKey[props.userName] = new iam.User(this, 'B', { userName… sets a property whose name is not known statically | Active",
      'People/Names | name root | Active',
      "People/Handed | ? handed is changed after it is declared (handed.a = new iam.User(this, 'H', { userName: 'h' })) | Active",
    ]);
  });

  it('leaves the object unknown where it is put in another object or array, or handed to a function it does not follow', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const listed: Record<string, iam.User> = {};\n' +
          "    listed.ci = new iam.User(this, 'L1', { userName: 'l1' });\n" +
          '    const list = [listed];\n' +
          "    list[0].ci = new iam.User(this, 'L2', { userName: 'l2' });\n" +
          "    new iam.AccessKey(this, 'Listed', { user: listed.ci });\n" +
          '    const held: Record<string, iam.User> = {};\n' +
          "    held.ci = new iam.User(this, 'H1', { userName: 'h1' });\n" +
          '    const holder = { held };\n' +
          "    holder.held.ci = new iam.User(this, 'H2', { userName: 'h2' });\n" +
          "    new iam.AccessKey(this, 'Held', { user: held.ci });\n" +
          '    const given: Record<string, iam.User> = {};\n' +
          "    given.ci = new iam.User(this, 'G1', { userName: 'g1' });\n" +
          '    registry.adopt(given);\n' +
          "    new iam.AccessKey(this, 'Given', { user: given.ci });\n" +
          '    const listedOnly: Record<string, iam.User> = {};\n' +
          "    listedOnly.ci = new iam.User(this, 'O1', { userName: 'o1' });\n" +
          '    for (const [name, user] of Object.entries({ ...listedOnly })) new iam.AccessKey(this, `O${name}`, { user });\n' +
          "    new iam.AccessKey(this, 'Only', { user: listedOnly['ci'] });\n",
      ).replace('export class', 'declare const registry: { adopt(x: object): void };\nexport class'),
    });
    expect(keys).toEqual([
      "People/Listed | ? listed is changed after it is declared (listed.ci = new iam.User(this, 'L1', { userName: 'l1' })) | Active",
      "People/Held | ? held is changed after it is declared (held.ci = new iam.User(this, 'H1', { userName: 'h1' })) | Active",
      "People/Given | ? given is changed after it is declared (given.ci = new iam.User(this, 'G1', { userName: 'g1' })) | Active",
      'People/Oci | user People/O1 | Active',
      'People/Only | user People/O1 | Active',
    ]);
  });
});

describe('CDK source extractor: class properties filled in place', () => {
  it('reads this.users[name] = new iam.User(...) per instance, and leaves it unknown when written from outside the class', () => {
    const files = {
      'app.ts': `${HEADER}import type { Construct } from 'constructs';

class Team extends cdk.Stack {
  private readonly users: Record<string, iam.User> = {};
  constructor(scope: Construct, id: string, names: string[]) {
    super(scope, id);
    for (const name of names) this.users[name] = new iam.User(this, name, { userName: name });
    new iam.AccessKey(this, 'LeadKey', { user: this.users['lead'] });
  }
}
class Open extends cdk.Stack {
  members: Record<string, iam.User> = {};
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.members.a = new iam.User(this, 'A', { userName: 'a' });
    new iam.AccessKey(this, 'Key', { user: this.members.a });
  }
}
const app = new cdk.App();
new Team(app, 'One', ['lead', 'x']);
new Team(app, 'Two', ['y', 'lead']);
const open = new Open(app, 'Open');
open.members.a = new iam.User(open, 'B', { userName: 'b' });
`,
    };
    expect(summary(files).keys).toEqual([
      'One/LeadKey | user One/lead | Active',
      'Two/LeadKey | user Two/lead | Active',
      "Open/Key | ? this.members is changed after it is set (this.members.a = new iam.User(this, 'A', { userName: 'a' })) | Active",
    ]);
  });
});

describe('CDK source extractor: Set and Map', () => {
  it('leaves a Set or Map unknown where it is put in an array or object, or handed to a function, and follows its copies', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    const listed = new Set(['ana']);\n" +
          "    [listed].forEach((s) => s.add('bob'));\n" +
          '    for (const name of listed) new iam.CfnAccessKey(this, `L${name}`, { userName: name });\n' +
          "    const held = new Map([['ops', 'ana']]);\n" +
          '    const holder = { held };\n' +
          "    holder.held.set('dev', 'bob');\n" +
          '    for (const [team, name] of held) new iam.CfnAccessKey(this, `H${team}`, { userName: name });\n' +
          "    const copied = new Set(['eve']);\n" +
          '    for (const name of [...copied, ...new Set(copied)]) new iam.CfnAccessKey(this, `C${name}`, { userName: name });\n',
      ),
    });
    expect(keys).toEqual([
      'People/`L${name}` | ? name is not known statically | Active | created once per element of listed: listed is put or passed where credlint does not follow its changes',
      'People/`H${team}` | ? name is not known statically | Active | created once per element of held: held is put or passed where credlint does not follow its changes',
      'People/Ceve["eve"]@app.ts:15:57 | name eve | Active',
      'People/Ceve["eve"]@app.ts:15:57 | name eve | Active',
    ]);
  });

  it('iterates new Set([...]) without duplicates and new Map([...]) by entries, with forEach, get, has and keys', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    for (const name of new Set(['ci', 'ci', 'root'])) new iam.CfnAccessKey(this, `S${name}`, { userName: name });\n" +
          "    const teams = new Map([['ops', 'ana'], ['dev', 'bob'], ['ops', 'carl']]);\n" +
          '    for (const [team, name] of teams) new iam.CfnAccessKey(this, `M${team}`, { userName: name });\n' +
          '    teams.forEach((name, team) => new iam.CfnAccessKey(this, `F${team}`, { userName: name }));\n' +
          "    new Set(['eve']).forEach((name, same) => new iam.CfnAccessKey(this, `G${same}`, { userName: name }));\n" +
          "    new iam.CfnAccessKey(this, 'Get', { userName: teams.get('dev') });\n" +
          "    if (teams.has('qa')) new iam.CfnAccessKey(this, 'Qa', { userName: 'qa' });\n" +
          "    new iam.CfnAccessKey(this, 'First', { userName: [...teams.keys()][0] });\n" +
          "    new iam.CfnAccessKey(this, 'Size', { userName: `n${teams.size}` });\n",
      ),
    });
    expect(keys).toEqual([
      'People/Sci | name ci | Active',
      'People/Sroot | name root | Active',
      'People/Mops | name carl | Active',
      'People/Mdev | name bob | Active',
      'People/Fops | name carl | Active',
      'People/Fdev | name bob | Active',
      'People/Geve | name eve | Active',
      'People/Get | name bob | Active',
      'People/First | name ops | Active',
      'People/Size | name n2 | Active',
    ]);
  });

  it('leaves a Set or Map changed after it is made, or read by index, unknown', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    const names = new Set(['ci']);\n" +
          '    names.add(props.userName);\n' +
          '    for (const name of names) new iam.CfnAccessKey(this, `K${name}`, { userName: name });\n' +
          "    new iam.CfnAccessKey(this, 'Index', { userName: (new Set(['x']) as any)[0] });\n",
      ),
    });
    expect(keys).toEqual([
      'People/`K${name}` | ? name is not known statically | Active | created once per element of names: names.add(props.userName) sets an entry whose key is not known statically',
      "People/Index | ? (new Set(['x']) as any)[0] is not known statically | Active",
    ]);
  });
});

describe('CDK source extractor: Maps and Sets filled in place', () => {
  it('reads users.set(name, new iam.User(...)) per key, by get, has, iteration and forEach, and a Set filled with add', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const users = new Map<string, iam.User>();\n' +
          "    for (const name of ['ana', 'root']) users.set(name, new iam.User(this, name, { userName: name }));\n" +
          "    new iam.AccessKey(this, 'Ana', { user: users.get('ana')! });\n" +
          "    if (users.has('bob')) new iam.CfnAccessKey(this, 'Bob', { userName: 'bob' });\n" +
          '    for (const [name, user] of users) new iam.AccessKey(this, `E${name}`, { user });\n' +
          '    users.forEach((user, name) => new iam.CfnAccessKey(this, `F${name}`, { userName: user.userName }));\n' +
          '    const admins = new Set<iam.User>();\n' +
          "    admins.add(new iam.User(this, 'Admin', { userName: 'admin' }));\n" +
          "    for (const admin of admins) new iam.AccessKey(this, 'AdminKey', { user: admin });\n",
      ),
    });
    expect(keys).toEqual([
      'People/Ana | user People/ana | Active',
      'People/Eana | user People/ana | Active',
      'People/Eroot | user People/root | Active',
      'People/Fana | name ana | Active',
      'People/Froot | name root | Active',
      'People/AdminKey | user People/Admin | Active',
    ]);
  });

  it("reads a stack's this.users.set(...) through the instance in another stack, as written before the read", () => {
    const files = (extra: string) => ({
      'app.ts': `${HEADER}import type { Construct } from 'constructs';

class People extends cdk.Stack {
  readonly users = new Map<string, iam.User>();
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.users.set('ana', new iam.User(this, 'Ana', { userName: 'ana' }));
    this.users.set('ana', new iam.User(this, 'Ana2', { userName: 'ana2' }));
  }
}
class Keys extends cdk.Stack {
  constructor(scope: Construct, id: string, props: { people: People }) {
    super(scope, id);
    new iam.AccessKey(this, 'Key', { user: props.people.users.get('ana')! });
  }
}
const app = new cdk.App();
const people = new People(app, 'People');
new Keys(app, 'Keys', { people });
${extra}`,
    });
    // The last set of a key wins, as a Map keeps it.
    expect(summary(files('')).keys).toEqual(['Keys/Key | user People/Ana2 | Active']);
    // Changed through the instance too: not what the class wrote.
    // The same for an object filled with this.users[k] = ..., read as props.people.users['ana'].
    const record = files('')
      ['app.ts'].replace('readonly users = new Map<string, iam.User>();', 'readonly users: Record<string, iam.User> = {};')
      .replaceAll(/this\.users\.set\('ana', (.*)\);/g, "this.users['ana'] = $1;")
      .replace("props.people.users.get('ana')!", "props.people.users['ana']");
    expect(summary({ 'app.ts': record }).keys).toEqual(['Keys/Key | user People/Ana2 | Active']);
    const changed = "Keys/Key | ? props.people.users is changed after it is set (this.users.set('ana', new iam.User(this, 'Ana', { userName:…) | Active";
    expect(summary(files("people.users.delete('ana');\n")).keys).toEqual([changed]);
    expect(summary(files("people.users.set('ana', new iam.User(people, 'Other'));\n")).keys).toEqual([changed]);
  });

  it('leaves a Map unknown where an entry may not be set, has an unknown key, or the Map is changed another way', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const maybe = new Map<string, iam.User>();\n' +
          "    if (props.withKey) maybe.set('ci', new iam.User(this, 'Ci', { userName: 'ci' }));\n" +
          "    new iam.AccessKey(this, 'Maybe', { user: maybe.get('ci')! });\n" +
          '    const anyKey = new Map<string, iam.User>();\n' +
          "    anyKey.set(props.userName, new iam.User(this, 'B', { userName: 'b' }));\n" +
          "    new iam.AccessKey(this, 'AnyKey', { user: anyKey.get('a')! });\n" +
          '    const cleared = new Map<string, iam.User>();\n' +
          "    cleared.set('c', new iam.User(this, 'C', { userName: 'c' }));\n" +
          '    cleared.clear();\n' +
          "    new iam.AccessKey(this, 'Cleared', { user: cleared.get('c')! });\n",
      ),
    });
    expect(keys).toEqual([
      "People/Maybe | ? maybe.set('ci', new iam.User(this, 'Ci', { userName: 'ci' }… may set it: created only if props.withKey, which is not known statically | Active",
      "People/AnyKey | ? anyKey.set(props.userName, new iam.User(this, 'B', { userNa… sets an entry whose key is not known statically | Active",
      "People/Cleared | ? cleared is changed after it is declared (cleared.set('c', new iam.User(this, 'C', { userName: 'c' }))) | Active",
    ]);
  });
});

describe('CDK source extractor: while and do...while loops with a counter', () => {
  it('treats a labelled break, or a continue of an outer loop, as leaving a loop early, and a continue of the loop itself as not', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    w: for (let a = 0; a < 2; a++) {\n      new iam.CfnAccessKey(this, `A${a}`, { userName: 'a' });\n      break w;\n    }\n" +
          "    o: for (const x of [1]) {\n      for (let b = 0; b < 2; b++) {\n        new iam.CfnAccessKey(this, `B${b}`, { userName: 'b' });\n        continue o;\n      }\n    }\n" +
          "    c: for (let c = 0; c < 2; c++) {\n      new iam.CfnAccessKey(this, `C${c}`, { userName: 'c' });\n      inner: for (const y of [1]) break inner;\n      continue c;\n    }\n",
      ),
    });
    expect(keys).toEqual([
      'People/A0 | name a | Active',
      'People/A1 | name a | Active | the loop may stop early (break)',
      'People/B0 | name b | Active',
      'People/B1 | name b | Active | the loop may stop early (break)',
      'People/C0 | name c | Active',
      'People/C1 | name c | Active',
    ]);
  });

  it('expands a while or do loop stepping a let declared before it, a do body at least once', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    const names = ['ana', 'root'];\n" +
          '    let i = 0;\n' +
          '    while (i < names.length) {\n' +
          '      new iam.CfnAccessKey(this, `W${i}`, { userName: names[i] });\n' +
          '      i++;\n' +
          '    }\n' +
          '    let j = 5;\n' +
          '    do {\n' +
          "      new iam.CfnAccessKey(this, `D${j}`, { userName: 'once' });\n" +
          '      j += 1;\n' +
          '    } while (j < 3);\n',
      ),
    });
    expect(keys).toEqual(['People/W0 | name ana | Active', 'People/W1 | name root | Active', 'People/D5 | name once | Active']);
  });

  it('does not expand a loop whose counter is assigned elsewhere, stepped before the body ends, or skipped by continue', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    let a = 0;\n' +
          "    while (a < 2) {\n      new iam.CfnAccessKey(this, 'A', { userName: 'a' });\n      a++;\n    }\n" +
          '    a = 0;\n' +
          '    let b = 0;\n' +
          "    while (b < 2) {\n      b++;\n      new iam.CfnAccessKey(this, 'B', { userName: 'b' });\n    }\n" +
          '    let c = 0;\n' +
          "    do {\n      if (props.withKey) continue;\n      new iam.CfnAccessKey(this, 'C', { userName: 'c' });\n      c++;\n    } while (c < 2);\n",
      ),
    });
    expect(keys).toEqual([
      'People/A | name a | Active | created in a loop that credlint does not expand',
      'People/B | name b | Active | created in a loop that credlint does not expand',
      'People/C | name c | Active | created in a loop that credlint does not expand',
    ]);
  });

  it('does not expand a while or counting for loop whose body assigns the counter by destructuring, for...of/in or plain assignment', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    let a = 0;\n' +
          "    while (a < 3) {\n      new iam.CfnAccessKey(this, 'A', { userName: 'a' });\n      [a] = [a + 10];\n      a++;\n    }\n" +
          '    let b = 0;\n' +
          "    while (b < 3) {\n      new iam.CfnAccessKey(this, 'B', { userName: 'b' });\n      ({ v: b } = { v: 10 });\n      b++;\n    }\n" +
          '    let c = 0;\n' +
          "    while (c < 3) {\n      new iam.CfnAccessKey(this, 'C', { userName: 'c' });\n      for (c of [7]) new iam.CfnAccessKey(this, 'Inner', { userName: 'inner' });\n      c++;\n    }\n" +
          '    let d = 0;\n' +
          "    do {\n      new iam.CfnAccessKey(this, 'D', { userName: 'd' });\n      for (d in { x: 1 }) break;\n      d++;\n    } while (d < 3);\n" +
          "    for (let e = 0; e < 3; e++) {\n      new iam.CfnAccessKey(this, 'E', { userName: 'e' });\n      e = 10;\n    }\n" +
          "    for (let f = 0; f < 3; f++) {\n      new iam.CfnAccessKey(this, 'F', { userName: 'f' });\n      [, ...[f]] = [0, 10];\n    }\n",
      ),
    });
    expect(keys).toEqual([
      'People/A | name a | Active | created in a loop that credlint does not expand',
      'People/B | name b | Active | created in a loop that credlint does not expand',
      'People/C | name c | Active | created in a loop that credlint does not expand',
      'People/Inner | name inner | Active | created in a loop that credlint does not expand',
      'People/D | name d | Active | created in a loop that credlint does not expand',
      'People/E | name e | Active | created in a loop that credlint does not expand',
      'People/F | name f | Active | created in a loop that credlint does not expand',
    ]);
  });
});
