import { describe, expect, it } from 'vitest';
import { evaluate, evaluateJson, references, referencesInJson } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { EvalBudget } from '../../src/terraform/expr/eval-budget.js';
import { TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';
import { evalSource, expectUnknown, scope } from '../support/terraform-expr-scope.js';

/** [source, expected value] — each row is what `terraform console` gives for the expression. */
type Row = readonly [string, TfValue];

function table(rows: readonly Row[]): void {
  it.each(rows)('%s', (source, expected) => {
    expect(evalSource(source)).toEqual(expected);
  });
}

describe('literals', () => {
  table([
    ['42', 42],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['2.5E-2', 0.025],
    ['-7', -7],
    ['"plain"', 'plain'],
    ['"a\\nb\\tc"', 'a\nb\tc'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"caf\\u00e9"', 'café'],
    ['"\\U0001F600"', '😀'],
    ['""', ''],
    ['true', true],
    ['false', false],
    ['null', null],
    ['[]', []],
    ['[1, "a", true, null]', [1, 'a', true, null]],
    ['[\n  1,\n  2,\n]', [1, 2]],
    ['[[1], [2, [3]]]', [[1], [2, [3]]]],
    ['{}', {}],
    ['{ a = 1, "b" = 2, (var.k) = 3 }', { a: 1, b: 2, kk: 3 }],
    ['{ a: 1, b: "two", }', { a: 1, b: 'two' }],
    ['{\n  a = 1\n  b = 2\n}', { a: 1, b: 2 }],
    ['{ "${var.x}-key" = true }', { 'X-key': true }],
    ['{ (1) = "one" }', { '1': 'one' }],
    ['{ null = 1, true = 2, false = 3 }', { null: 1, true: 2, false: 3 }],
    ['{ (var.m.a) = "x", "a.b" = "y" }', { '1': 'x', 'a.b': 'y' }],
    ['{ a = 1, a = 2 }', { a: 2 }],
    ['{ my-key = 1, "spaced key" = 2 }', { 'my-key': 1, 'spaced key': 2 }],
    ['{ nested = { list = [1, { deep = "yes" }] } }', { nested: { list: [1, { deep: 'yes' }] } }],
    ['1 + /* inline */ 2 # trailing', 3],
    ['[\n  1, // one\n  2, # two\n]', [1, 2]],
  ]);
});

describe('operators', () => {
  table([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['10 % 3', 1],
    // cty's remainder of a division by zero is the dividend (terraform console 1.11.4).
    ['5 % 0', 5],
    ['-5.5 % 0', -5.5],
    ['(-5 / 0) % 0', -Infinity],
    ['2 - 3 - 4', -5],
    ['2 * 3 + 4 * 5', 26],
    ['-(1 + 2)', -3],
    ['- 2 * 3', -6],
    ['"2" + 1', 3],
    ['"1.5" * "2"', 3],
    ['0.1 + 0.2', 0.3],
    ['1 / 0', Infinity],
    ['!true', false],
    ['!!true', true],
    ['!"false"', true],
    ['!"0"', true],
    ['"1" && "true"', true],
    ['"0" || false', false],
    ['"1" ? "yes" : "no"', 'yes'],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 2', true],
    ['2 >= 3', false],
    ['"10" > 9', true],
    ['1 == 1.0', true],
    ['1 == "1"', false],
    ['"a" != "b"', true],
    ['true == "true"', false],
    ['[1, 2] == [1, 2]', true],
    ['[1, 2] == [2, 1]', false],
    ['{ a = 1 } == { a = 1 }', true],
    ['{ a = 1 } == { a = 2 }', false],
    ['{ a = 1 } == { b = 1 }', false],
    ['null == null', true],
    // `==` compares types too: a list or map never equals a tuple or object of the same elements (terraform console).
    ['[] == []', true],
    ['{} == {}', true],
    ['[for x in ["a"] : x] == ["a"]', true],
    ['{ for k in ["a"] : k => 1 } == { a = 1 }', true],
    ['tolist(["a"]) == ["a"]', false],
    ['tolist(["a"]) != ["a"]', true],
    ['tomap({ a = 1 }) == { a = 1 }', false],
    ['tolist(["a"]) == tolist(["a"])', true],
    ['var.x == null', false],
    ['var.nothing == null', true],
    ['var.set == var.set', true],
    ['true && false', false],
    ['true || false', true],
    ['false || false', false],
    ['"true" && true', true],
    ['true || false && false', true],
    ['!false && true', true],
    ['1 + 1 == 2 && 2 > 1', true],
    ['1 < 2 == true', true],
    ['true ? "a" : "b"', 'a'],
    ['false ? "a" : "b"', 'b'],
    ['1 > 2 ? "x" : 2 > 1 ? "y" : "z"', 'y'],
    ['var.create ? 2 : 0', 2],
    ['"true" ? 1 : 0', 1],
    ['false ? var.l[10] : "safe"', 'safe'],
    ['true ? "safe" : 1 + "x"', 'safe'],
    ['false && var.l[10] == "x"', false],
    ['true ? 12 : "hello"', '12'],
    ['false ? 12 : "hello"', 'hello'],
    ['true ? true : "x"', 'true'],
    ['true ? "a" : 1', 'a'],
    ['true ? 1 : null', 1],
    ['true ? 1 : var.unknown', 1],
  ]);
});

describe('templates', () => {
  table([
    ['"n=${1}"', 'n=1'],
    ['"${1.5}x"', '1.5x'],
    ['"${true}!"', 'true!'],
    ['"${1e21}"', 1e21],
    ['"v${1e21}"', 'v1000000000000000000000'],
    ['"${var.l}"', ['a', 'b']],
    ['"${var.nums[0] + 1}"', 2],
    ['"a-${var.x}-${local.prefix}"', 'a-X-corp-'],
    ['"%{ if true }yes%{ else }no%{ endif }"', 'yes'],
    ['"%{ if var.x == "Y" }yes%{ else }no%{ endif }"', 'no'],
    ['"%{ if false }only-then%{ endif }"', ''],
    ['"%{ for k, v in var.m }${k}=${v};%{ endfor }"', 'a=1;b=2;'],
    ['"%{ for x in var.l ~} ${x} %{~ endfor }"', 'ab'],
    ['"[ ${~ var.x ~} ]"', '[X]'],
    ['"%{ for i, n in var.nums }%{ if i > 0 },%{ endif }${n}%{ endfor }"', '1,2,3'],
    ['"$${literal}"', '${literal}'],
    ['"%%{literal}"', '%{literal}'],
    ['"$$ and %% stay"', '$$ and %% stay'],
    ['"nested ${"inner ${var.x}"}"', 'nested inner X'],
    ['<<EOT\nhello ${var.x}\nEOT', 'hello X\n'],
    ['<<-EOT\n    a\n      b\n    EOT', 'a\n  b\n'],
  ]);
});

describe('for expressions', () => {
  table([
    ['[for x in var.l : upper(x)]', ['A', 'B']],
    ['[for i, x in var.l : "${i}:${x}"]', ['0:a', '1:b']],
    ['[for n in var.nums : n * 2 if n > 1]', [4, 6]],
    ['{for k, v in var.m : k => v * 10}', { a: 10, b: 20 }],
    ['{for k, v in var.m : v => k}', { '1': 'a', '2': 'b' }],
    ['[for k, v in var.m : k]', ['a', 'b']],
    ['[for k, v in var.tags : "${k}=${v}"]', ['Cost Center=42', 'Team=iam']],
    ['[for s in var.set : s]', ['z', 'a']],
    ['[for k, v in var.set : k]', ['z', 'a']],
    ['{for w in var.words : substr(w, 0, 1) => w...}', { a: ['apple', 'avocado'], b: ['banana'] }],
    ['{for u in var.users : u.name => u.groups}', { alice: ['admins', 'devs'], bob: ['devs'] }],
    ['[for u in var.users : u.name if u.console]', ['alice']],
    ['[for x in [] : x]', []],
    ['{for x in [] : x => x}', {}],
    [
      '[for x in var.l : [for y in var.nums : "${x}${y}" if y < 3]]',
      [
        ['a1', 'a2'],
        ['b1', 'b2'],
      ],
    ],
    ['[for x in var.l : format("%s-%s", local.prefix, x)]', ['corp--a', 'corp--b']],
  ]);
});

describe('references, indexes and splats', () => {
  table([
    ['var.l[0]', 'a'],
    ['var.l["1"]', 'b'],
    ['var.l.1', 'b'],
    ['var.m["a"]', 1],
    ['var.m.b', 2],
    ['var.tags["Cost Center"]', '42'],
    ['var.users[1].groups[0]', 'devs'],
    ['local.prefix', 'corp-'],
    ['each.key', 'svc'],
    ['each.value.name', 'svc-user'],
    ['count.index', 1],
    ['self.name', 'self-name'],
    ['path.module', '.'],
    ['terraform.workspace', 'default'],
    ['data.aws_caller_identity.current.account_id', '123456789012'],
    ['module.users.names[0]', 'm0'],
    ['module.users.module_name', 'users'],
    ['aws_iam_user.single.name', 'alice'],
    ['aws_iam_user.counted[1].name', 'u1'],
    ['aws_iam_user.each["ci"].name', 'ci-user'],
    ['aws_iam_user.each.svc.name', 'svc-user'],
    ['aws_iam_user.counted[*].name', ['u0', 'u1']],
    ['aws_iam_user.counted.*.name', ['u0', 'u1']],
    ['aws_iam_user.counted.*.name[1]', 'u1'],
    ['aws_iam_user.single[*].name', ['alice']],
    ['var.nothing[*].name', []],
    ['var.empty[*].name', []],
    ['var.users[*].groups[0]', ['admins', 'devs']],
    ['var.users.*.groups', [['admins', 'devs'], ['devs']]],
    // Numbers after `.*` are steps of the splat, applied to each element; a bracket ends the splat.
    ['var.users.*.groups.0', ['admins', 'devs']],
    ['var.users.*.groups[0]', ['admins', 'devs']],
    ['var.users.*.groups[1]', ['devs']],
    ['[[1, 2], [3, 4]].*.1', [2, 4]],
    ['[[1, 2], [3, 4]].*.0[1]', 3],
    ['[[[1, 2]], [[3, 4]]].*.0.1', [2, 4]],
    ['var.set[*]', ['z', 'a']],
    ['[for k, u in aws_iam_user.each : u.name]', ['ci-user', 'svc-user']],
    ['values(aws_iam_user.each)[*].name', ['ci-user', 'svc-user']],
    ['var.users[0]["name"]', 'alice'],
    ['{ a = [10, 20] }.a[1]', 20],
    ['[1, 2, 3][2]', 3],
    ['var.users.0.groups.1', 'devs'],
    ['[[1, 2], [3, 4]].1.0', 3],
  ]);
});

describe('Terraform 0.11 interpolation-only style', () => {
  table([
    ['"${var.x}"', 'X'],
    ['"${element(aws_iam_user.counted.*.name, count.index)}"', 'u1'],
    ['"${join("", aws_iam_user.counted.*.name)}"', 'u0u1'],
    ['"${length(var.l)}"', 2],
    ['"${var.create ? 1 : 0}"', 1],
    ['"${lookup(var.m, "a", 0)}"', 1],
  ]);
});

describe('function calls', () => {
  table([
    ['upper("a")', 'A'],
    ['core::upper("a")', 'A'],
    ['length(var.mixed)', 2],
    ['max(var.nums...)', 3],
    ['max(var.set == var.set ? 1 : 0, 5)', 5],
    ['toset(["b", "a", "b"])', new TfSet(['a', 'b'])],
    ['try(var.l[9], "fallback")', 'fallback'],
    ['try(var.m.missing, var.m.a)', 1],
    ['try(var.l[0], "fallback")', 'a'],
    ['try(1 + "x", null)', null],
    ['can(var.l[9])', false],
    ['can(var.l[0])', true],
    ['can(var.m.missing.deeper)', false],
  ]);
});

describe('failures become unknown values with a reason', () => {
  it.each([
    ['1 + "a"', /right operand of "\+" must be a number, but it is the string "a"/],
    ['true + 1', /left operand of "\+" must be a number, but it is a bool/],
    ['null + 1', /left operand of "\+" is null/],
    ['!1', /operand of "!" must be a bool/],
    ['!"2"', /operand of "!" must be a bool, but it is the string "2"/],
    ['0 / 0', /divide zero by zero/],
    ['(5 / 0) % 2', /remainder of an infinity/],
    ['5 % (1 / 0)', /remainder of an infinity/],
    ['var.l[2]', /index 2 out of range for a list of 2 elements/],
    ['var.l[-1]', /index -1 out of range/],
    ['var.l[0.5]', /whole number/],
    ['var.l["x"]', /list index must be a whole number/],
    ['var.m["zz"]', /no element for the key "zz"/],
    ['var.m.zz', /no attribute "zz"/],
    ['var.l.name', /cannot access attribute "name" on a list of 2/],
    ['aws_iam_user.counted.name', /select an element with \[index\]/],
    ['var.nothing.name', /null value/],
    ['var.nothing[0]', /cannot index a null value/],
    ['var.set[0]', /set have no index/],
    ['var.x[0]', /cannot index a string/],
    ['var.users[*].name[0]', /cannot index a string/],
    ['var.undeclared', /var\.undeclared is not declared/],
    ['var', /"var" must be followed by an attribute name/],
    ['data.aws_caller_identity', /data\.<type>\.<name>/],
    ['aws_iam_user', /bare "aws_iam_user"/],
    ['"${[1]}x"', /interpolated value is a list; a string is required/],
    ['"x${null}"', /interpolated value is null/],
    // A reference is named, as Terraform shows the expression that failed ("${var.tag_prefix}-smtp").
    ['"${var.nothing}-smtp"', /^the interpolated value var\.nothing is null; a null value cannot be included in a string$/],
    ['"g-${var.users[0].groups}"', /^the interpolated value var\.users\[0\]\.groups is a list; a string is required$/],
    ['"a${var.m["b"]}${var.tags}"', /^the interpolated value var\.tags is an object; a string is required$/],
    ['"a${var.l}${upper(var.x)}"', /^the interpolated value var\.l is a list; a string is required$/],
    ['"a${[1]}"', /^an interpolated value is a tuple|^an interpolated value is a list/],
    ['{ (null) = 1 }', /object key is null/],
    ['{ ([1]) = 1 }', /object key is a list/],
    ['[for x in "str" : x]', /cannot iterate over a string/],
    ['[for x in null : x]', /cannot iterate over a null value/],
    ['{for x in ["a", "a"] : x => 1}', /^duplicate key in the for expression/],
    ['[for x in var.l : x if x]', /"if" condition must be a bool/],
    ['1 ? 2 : 3', /condition of "\? :" must be a bool/],
    ['true ? 1 : false', /inconsistent conditional result types: the true result is a number and the false result a bool/],
    ['false ? 1 : false', /inconsistent conditional result types: the true result is a number and the false result a bool/],
    ['true ? [1] : "x"', /inconsistent conditional result types: the true result is a list and the false result a string/],
    ['max(var.x...)', /expanded with "..." in max\(\) must be a list or set/],
    ['try(var.l[9], var.m.zz)', /no argument of try\(\) succeeded; the last failed: the map has no element|no attribute "zz"/],
    ['can(1, 2)', /exactly one argument/],
    ['[1, var.l[5]]', /index 5 out of range/],
    // `.0` after `.*` indexes each element's name, a string, where Terraform fails.
    ['aws_iam_user.counted.*.name.0', /cannot index a string/],
    ['var.users.*.groups.1', /index 1 out of range/],
  ])('%s', (source, reason) => {
    expectUnknown(evalSource(source), reason);
  });
});

describe('extra bound names', () => {
  it('binds names ahead of the scope, as a dynamic block iterator is', () => {
    const parsed = parseExpression('"${setting.value.name}-${setting.key}"');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(evaluate(parsed.expr, scope, { setting: { key: 'k', value: { name: 'n' } } })).toBe('n-k');
    expect(references(parsed.expr, ['setting'])).toEqual([]);
    expect(references(parsed.expr)).toEqual([
      { kind: 'resource', type: 'setting', name: 'value' },
      { kind: 'resource', type: 'setting', name: 'key' },
    ]);
    expect(evaluateJson({ a: '${setting.key}' }, scope, { setting: { key: 'k' } })).toEqual({ a: 'k' });
    expect(referencesInJson({ a: '${setting.key}', b: '${var.x}' }, ['setting'])).toEqual([{ kind: 'var', name: 'x' }]);
  });
});

describe('a JavaScript limit met while resolving a reference', () => {
  it('is reported by the unit budget (a parse-error, exit 2), not left as an unknown no exit code shows', () => {
    // A variable passed down hundreds of module levels ran out of the call stack inside the scope's
    // resolve; the error became an ordinary evaluation failure quoting the RangeError.
    const budget = new EvalBudget();
    const overflowing = {
      budget,
      resolve(): TfValue {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const parsed = parseExpression('var.u');
    if (!parsed.ok) throw new Error(parsed.message);
    const value = evaluate(parsed.expr, overflowing);
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).reason).toBe('cannot resolve var.u: the value is too large or too deeply nested');
    expect(budget.takePending()).toEqual([{ kind: 'beyond capacity', what: 'cannot resolve var.u: the value is too large or too deeply nested' }]);
  });
});

describe('any other JavaScript error met while evaluating', () => {
  it('is reported by the unit budget (a parse-error, exit 2), its message not echoed', () => {
    // file("x\u0000") threw Node's TypeError for a path holding a NUL; the evaluation became a failed
    // value 'internal error' that no exit code showed ('No problems found', exit 0).
    const budget = new EvalBudget();
    const throwing = {
      budget,
      resolve: (): TfValue => null,
      pathFunctions: {
        file(): TfValue {
          throw new TypeError('The argument must be a string without null bytes. Received "secret\\u0000"');
        },
        fileexists: (): TfValue => false,
      },
    };
    const parsed = parseExpression('file("x")');
    if (!parsed.ok) throw new Error(parsed.message);
    const value = evaluate(parsed.expr, throwing);
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).reason).toBe('evaluation failed: internal error (TypeError)');
    expect(budget.takePending()).toEqual([{ kind: 'beyond capacity', what: 'evaluation failed: internal error (TypeError)' }]);
  });
});
