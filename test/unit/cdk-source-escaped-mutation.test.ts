import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

const STACK = "const stack = new cdk.Stack(new cdk.App(), 'Ops');\n";

/** The keys made per element of `names` (`['ana']`, or as `declare` says) after `change` ran. */
function keysAfter(change: string, declare = "const names: string[] = ['ana'];\n", files: Record<string, string> = {}): string[] {
  return summary({
    ...files,
    'app.ts': HEADER + STACK + declare + change + '\nfor (const name of names) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n',
  }).keys;
}

const KNOWN = ['Ops/Key-ana | name ana | Active'];

/** What a key made per element of `names` says once `names` is unknown because of `change`. */
const changedBy = (change: string) =>
  `Ops/\`Key-\${name}\` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (${change})`;

describe('CDK source extractor: values changed through another reference', () => {
  it('takes an array changed through an object or array holding it as unknown', () => {
    const cases: Record<string, [string, string]> = {
      object: ["const h = { a: names };\nh.a.push('root');", "h = { a: names }; h.a.push('root')"],
      shorthand: ["const h = { names };\nh.names.push('root');", "h = { names }; h.names.push('root')"],
      array: ["const arr = [names];\narr[0].push('root');", "arr = [names]; arr[0].push('root')"],
      nested: ["const h = { a: { b: [names] } };\nh.a.b[0].push('root');", "h = { a: { b: [names] } }; h.a.b[0].push('root')"],
      written: ["const h = { a: names };\nh.a[0] = 'root';", "h = { a: names }; h.a[0] = 'root'"],
      values: ["const h = { a: names };\nObject.values(h)[0].push('root');", "h = { a: names }; Object.values(h)[0].push('root')"],
      entries: ["const h = { a: names };\nfor (const [, list] of Object.entries(h)) list.push('root');", "h = { a: names }; [, list]; list.push('root')"],
      aliasOfHolder: ["const h = { a: names };\nconst g = h;\ng.a.push('root');", "h = { a: names }; g.a.push('root')"],
      holderOfHolder: ["const h = { a: names };\nconst g = [h];\ng[0].a.push('root');", "h = { a: names }; g = [h]; g[0].a.push('root')"],
      destructured: ["const h = { a: names };\nconst { a } = h;\na.push('root');", "h = { a: names }; a.push('root')"],
      stored: ["const box: { list?: string[] } = {};\nbox.list = names;\nbox.list.push('root');", "box.list = names; box.list.push('root')"],
      pushed: ["const all: string[][] = [];\nall.push(names);\nall[0].push('root');", "all.push(names); all[0].push('root')"],
      mapSet: [
        "const byTeam = new Map<string, string[]>();\nbyTeam.set('ops', names);\nbyTeam.get('ops')?.push('root');",
        "byTeam.set('ops', names); byTeam.get('ops')?.push('root')",
      ],
      assigned: [
        "const h: { list?: string[] } = {};\nObject.assign(h, { list: names });\nh.list?.push('root');",
        "Object.assign(h, { list: names }); h.list?.push('root')",
      ],
      movedInArray: ["const arr = [names, ['bob']];\narr.reverse();\narr[1].push('root');", "arr = [names, ['bob']]; arr[1].push('root')"],
      otherKeyRepointed: [
        "const h: Record<string, string[]> = { a: names, b: [] };\nh.b = h.a;\nh.b.push('root');",
        "h: Record<string, string[]> = { a: names, b: [] }; h.b = h.a; h.b.push('root')",
      ],
      either: ["const list = names.length > 0 ? names : [];\nlist.push('root');", "list.push('root')"],
    };
    for (const [name, [change, shown]] of Object.entries(cases)) expect(keysAfter(change), name).toEqual([changedBy(shown)]);
  });

  it('keeps an array known when only what holds it, a copy of it, or what its holder holds under another property is changed', () => {
    const cases: Record<string, string> = {
      ownWrite: "const h: Record<string, string[]> = { a: names };\nh.b = ['root'];",
      replaced: "const h = { a: names };\nh.a = ['root'];",
      ownPush: "const arr = [names];\narr.push(['root']);",
      valuesCopy: "const h = { a: names };\nObject.values(h).push(['root']);",
      sliced: "names.slice().push('root');",
      pushedCopy: "const all: string[][] = [];\nall.push([...names]);\nall[0].push('root');",
      assignedCopy: "const h: { list?: string[] } = {};\nObject.assign(h, { list: names.slice() });\nh.list?.push('root');",
      heldCopy: "const h = { a: names.slice() };\nh.a.push('root');",
      spread: "const h = { a: [...names] };\nh.a[0] = 'root';",
      otherKey: "const h = { a: names, b: ['bob'] };\nh.b.push('root');",
      otherKeyAlias: "const h = { a: names, b: ['bob'] };\nconst { b } = h;\nconst list = h['b'];\nb.push('root');\nlist.push('root');",
      otherKeyStored: "const box: { list?: string[]; other?: string[] } = { other: [] };\nbox.list = names;\nbox.other?.push('root');",
      readInLoop: 'const seen: string[] = [];\nfor (const n of names) seen.push(n.toUpperCase());',
    };
    for (const [name, change] of Object.entries(cases)) expect(keysAfter(change), name).toEqual(KNOWN);
  });

  it('takes an array whose elements a loop or a callback changes as unknown', () => {
    const users = "const users = [{ name: 'ana' }];\n";
    const keys = (change: string) =>
      summary({
        'app.ts': HEADER + STACK + users + change + '\nfor (const u of users) new iam.CfnAccessKey(stack, `Key-${u.name}`, { userName: u.name });\n',
      }).keys;
    const unknownAfter = (shown: string) => [
      `Ops/\`Key-\${u.name}\` | ? u.name is not known statically | Active | created once per element of users: users is changed after it is declared (${shown})`,
    ];
    expect(keys("for (const u of users) u.name = 'root';")).toEqual(unknownAfter("u.name = 'root'"));
    expect(keys("users.forEach((u) => {\n  u.name = 'root';\n});")).toEqual(unknownAfter("u.name = 'root'"));
    expect(keys("users.map((u) => Object.assign(u, { name: 'root' }));")).toEqual(unknownAfter("Object.assign(u, { name: 'root' })"));
    expect(keys('users.reduce((n, u) => {\n  delete (u as { name?: string }).name;\n  return n + 1;\n}, 0);')).toEqual(
      unknownAfter('delete (u as { name?: string }).name'),
    );
    expect(keys("for (const u of users.filter((x) => x.name !== 'bob')) u.name = 'root';")).toEqual(unknownAfter("u.name = 'root'"));
    expect(keys("function rename(u: { name: string }): void {\n  u.name = 'root';\n}\nusers.forEach(rename);")).toEqual(
      unknownAfter("users.forEach(rename): u.name = 'root'"),
    );
    // Elements only read: the array stays as declared.
    expect(keys('const names = users.map((u) => u.name.toUpperCase());\nfor (const u of users) console.log(u.name);')).toEqual([
      'Ops/Key-ana | name ana | Active',
    ]);
  });

  it('takes an array changed by a function or class it is handed to, however the parameter takes it, as unknown', () => {
    const util = {
      'util.ts':
        "export function fill(list: string[]): void {\n  list.push('root');\n}\nexport const fillHeld = (o: { list: string[] }) => o.list.push('root');\n",
    };
    const cases: Record<string, [string, string, Record<string, string>?]> = {
      destructured: ["function f({ list }: { list: string[] }): void {\n  list.push('root');\n}\nf({ list: names });", "f({ list: names }): list.push('root')"],
      arrayPattern: ["function g([first]: string[][]): void {\n  first.push('root');\n}\ng([names]);", "g([names]): first.push('root')"],
      imported: ["import { fill } from './util';\nfill(names);", "fill(names): list.push('root')", util],
      importedHeld: ["import { fillHeld } from './util';\nfillHeld({ list: names });", "fillHeld({ list: names }): o.list.push('root')", util],
      classConstructor: [
        "class Filler {\n  constructor(list: string[]) {\n    list.push('root');\n  }\n}\nnew Filler(names);",
        "new Filler(names): list.push('root')",
      ],
      keptByDestructuring: [
        "class Holder {\n  list: string[] = [];\n  constructor(list: string[]) {\n    [this.list] = [list];\n  }\n  add(): void {\n    this.list.push('root');\n  }\n}\nnew Holder(names).add();",
        "new Holder(names): [this.list] = [list]; this.list.push('root')",
      ],
      keptByInstance: [
        "class Holder {\n  list: string[] = [];\n  constructor(list: string[]) {\n    this.list = list;\n  }\n  add(): void {\n    this.list.push('root');\n  }\n}\nnew Holder(names).add();",
        "new Holder(names): this.list = list; this.list.push('root')",
      ],
    };
    for (const [name, [change, shown, files]] of Object.entries(cases)) expect(keysAfter(change, undefined, files), name).toEqual([changedBy(shown)]);
    // A parameter only read, or a class that keeps the array without changing it: the array stays as declared.
    expect(keysAfter('function count({ list }: { list: string[] }): number {\n  return list.length;\n}\ncount({ list: names });')).toEqual(KNOWN);
    expect(
      keysAfter(
        'class Holder {\n  list: string[] = [];\n  constructor(list: string[]) {\n    this.list = list;\n  }\n  size(): number {\n    return this.list.length;\n  }\n}\nnew Holder(names).size();',
      ),
    ).toEqual(KNOWN);
  });

  it('takes a destructured name changed in place, here or in a module destructuring the namespace it is exported from, as unknown', () => {
    expect(keysAfter("names.push('root');", "const { names } = { names: ['ana'] };\n")).toEqual([changedBy("names.push('root')")]);
    const cfg = { 'cfg.ts': "export const names: string[] = ['ana'];\nexport const others: string[] = ['bob'];\n" };
    const other = (body: string) => ({ ...cfg, 'other.ts': `import * as cfg from './cfg';\n${body}` });
    const read = (files: Record<string, string>) =>
      summary({
        ...files,
        'app.ts':
          HEADER +
          "import { names } from './cfg';\nimport './other';\n" +
          STACK +
          'for (const name of names) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n',
      }).keys;
    expect(read(other("const { names } = cfg;\nnames.push('root');\n"))).toEqual([changedBy("{ names } = cfg; names.push('root')")]);
    expect(read(other("const { names: list } = cfg;\nconst h = { list };\nh.list.push('root');\n"))).toEqual([
      changedBy("{ names: list } = cfg; h = { list }; h.list.push('root')"),
    ]);
    // Another name of the namespace changed: `names` stays as declared.
    expect(read(other("const { others } = cfg;\nothers.push('root');\n"))).toEqual(KNOWN);
  });

  it('takes an array given to another name by a destructuring assignment, a for...of target, a callback or a call as unknown', () => {
    const cases: Record<string, [string, string]> = {
      arrayAssigned: ["let list: string[] = [];\n[list] = [names];\nlist.push('root');", "[list] = [names]; list.push('root')"],
      objectAssigned: ["let list: string[] = [];\n({ a: list } = { a: names });\nlist.push('root');", "{ a: list } = { a: names }; list.push('root')"],
      withDefault: ["let list: string[] = [];\n[list = names] = [];\nlist.push('root');", "[list = names] = []; list.push('root')"],
      forOfTarget: ["let list: string[] = [];\nfor (list of [names]) list.push('root');", "for (list of [names]); list.push('root')"],
      callbackReceiver: ["names.forEach((n, i, all) => {\n  all[i] = 'root';\n});", "all[i] = 'root'"],
      namedCallbackReceiver: [
        "function rename(_n: string, i: number, all: string[]): void {\n  all[i] = 'root';\n}\nnames.forEach(rename);",
        "names.forEach(rename): all[i] = 'root'",
      ],
      reduceStart: ["[1].reduce((acc) => {\n  acc.push('root');\n  return acc;\n}, names);", "acc.push('root')"],
      frozenHolder: ["const h = Object.freeze({ list: names });\nh.list.push('root');", "h = Object.freeze({ list: names }); h.list.push('root')"],
      spreadArgument: [
        "function fill(list: string[]): void {\n  list.push('root');\n}\nfill(...([names] as [string[]]));",
        "fill(...([names] as [string[]])): list.push('root')",
      ],
    };
    for (const [name, [change, shown]] of Object.entries(cases)) expect(keysAfter(change), name).toEqual([changedBy(shown)]);
    // What the pattern takes from another property, or a copy, leaves the array known.
    expect(keysAfter("let list: string[] = [];\n({ b: list } = { a: names, b: ['bob'] });\nlist.push('root');")).toEqual(KNOWN);
    expect(keysAfter("let list: string[] = [];\n[...list] = names;\nlist.push('root');")).toEqual(KNOWN);
  });

  it('takes an object written as a destructuring target, or whose elements another array shares, as unknown', () => {
    const users = "const users = [{ name: 'ana' }];\n";
    const keys = (change: string) =>
      summary({
        'app.ts': HEADER + STACK + users + change + '\nfor (const u of users) new iam.CfnAccessKey(stack, `Key-${u.name}`, { userName: u.name });\n',
      }).keys;
    const unknownAfter = (shown: string) => [
      `Ops/\`Key-\${u.name}\` | ? u.name is not known statically | Active | created once per element of users: users is changed after it is declared (${shown})`,
    ];
    expect(keys("[users[0].name] = ['root'];")).toEqual(unknownAfter("[users[0].name] = ['root']"));
    expect(keys("({ n: users[0].name } = { n: 'root' });")).toEqual(unknownAfter("{ n: users[0].name } = { n: 'root' }"));
    expect(keys("let u = { name: '' };\nfor (u of users) u.name = 'root';")).toEqual(unknownAfter("for (u of users); u.name = 'root'"));
    expect(keys("const all: { name: string }[] = [];\nall.push(...users);\nall[0].name = 'root';")).toEqual(
      unknownAfter("all.push(...users); all[0].name = 'root'"),
    );
    expect(keys("const all = ([] as { name: string }[]).concat(users);\nall[0].name = 'root';")).toEqual(
      unknownAfter("all = ([] as { name: string }[]).concat(users); all[0].name = 'root'"),
    );
  });

  it('takes an array given on through more names than are followed as unknown, and one whose names end sooner as known', () => {
    const chain = (length: number) => Array.from({ length }, (_, i) => `const a${String(i + 1)} = ${i === 0 ? 'names' : `a${String(i)}`};`).join('\n');
    expect(keysAfter(`${chain(10)}\na10.push('root');`)).toEqual([changedBy('it is given on through more than 8 names, which credlint does not follow')]);
    expect(keysAfter(`${chain(8)}\na8.push('root');`)).toEqual([changedBy("a8.push('root')")]);
    expect(keysAfter(`${chain(8)}\nconsole.log(String(a8));`)).toEqual(KNOWN);
  });

  it('reads a Set copied into an array (Array.from, a spread) when the Set is not changed', () => {
    const keys = (declare: string) => keysAfter('', declare);
    expect(keys("const set = new Set(['ana', 'ana']);\nconst names = Array.from(set);\n")).toEqual(KNOWN);
    expect(keys("const set = new Set(['ana']);\nconst names = [...set];\n")).toEqual(KNOWN);
    expect(keys("const map = new Map([['ana', 1]]);\nconst names = Array.from(map).map(([n]) => n);\n")).toEqual(KNOWN);
    expect(keys("const set = new Set(['ana']);\nconst names = Array.from(set);\nset.add('root');\n")).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: set is changed after it is declared (set.add('root'))",
    ]);
    // With a mapping function the values are the function's, evaluated per element as `.map` is.
    expect(keys("const set = new Set(['ana']);\nconst names = Array.from(set, (n) => n);\n")).toEqual(KNOWN);
    expect(keys("const set = new Set(['ana']);\nconst names = Array.from(set, (n) => n);\nset.add('root');\n")[0]).toMatch(/\? name is not known statically/);
  });

  it('looks through `satisfies` where a Set or an object filled by writes is used', () => {
    expect(keysAfter('', "const names = new Set(['ana']);\nconst size = (names satisfies Set<string>).size;\n")).toEqual(KNOWN);
    const { keys } = summary({
      'app.ts':
        HEADER +
        STACK +
        "const users: Record<string, iam.User> = {};\nusers['ci'] = new iam.User(stack, 'Ci', { userName: 'ana' });\n" +
        "new iam.AccessKey(stack, 'Key', { user: (users satisfies Record<string, iam.User>)['ci'] });\n",
    });
    expect(keys).toEqual(['Ops/Key | user Ops/Ci | Active']);
  });
});
