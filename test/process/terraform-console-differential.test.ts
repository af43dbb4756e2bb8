/**
 * credlint's Terraform evaluator against Terraform itself, where a `terraform` binary is on the PATH
 * (skipped elsewhere): each expression below is evaluated by `terraform console` and by the CLI, and
 * the two values must be the same JSON. The expressions are the shapes that decide how many keys and
 * users a module creates (conditionals, comparisons, `for` expressions, collection, string, type and
 * encoding functions, `try`), over variables of declared types. One console run evaluates them all as
 * one tuple (the console prints only its last result, and stops at the first error, so each element
 * is wrapped in `try`); the CLI reads each value back from the user name of a pair of access keys,
 * which its `multiple-active-access-keys` finding prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.cjs');
const HAS_TERRAFORM = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;

const MODULE = `variable "names" {
  type    = list(string)
  default = ["ana", "bo"]
}

variable "empty_list" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = { team = "ops", env = "prod" }
}

variable "empty_map" {
  type    = map(string)
  default = {}
}

variable "users" {
  type = map(object({
    console = bool
    keys    = optional(number, 1)
    groups  = optional(list(string), [])
  }))
  default = {
    ana = { console = true }
    bo  = { console = false, keys = 2, groups = ["ops"] }
  }
}

variable "mixed" {
  type = map(any)
  default = {
    ana = { rotation = 2 }
    bo  = { rotation = "none" }
  }
}

variable "mixed_list" {
  type    = list(any)
  default = [{ n = 1 }, { n = "01" }]
}

variable "no_object" {
  type    = object({ a = number })
  default = null
}

variable "flag" {
  type    = bool
  default = true
}

variable "maybe" {
  type    = string
  default = null
}

variable "n" {
  type    = number
  default = 2
}

variable "count_text" {
  type    = string
  default = "2"
}

variable "letters" {
  type    = set(string)
  default = ["b", "a", "b"]
}

locals {
  tuple  = ["x", 1, true]
  object = { a = 1, b = "two" }
  nested = { a = { b = [1, 2] } }
  pairs  = [for name, user in var.users : { name = name, keys = user.keys }]
  grid   = [[1, 2], [3, 4]]
  people = [{ name = "ana", tags = ["x", "y"] }, { name = "bo", tags = ["z"] }]
}
`;

const EXPRESSIONS = [
  // Comparisons and conditionals: Terraform compares types as well as values.
  'var.empty_list == []',
  'var.empty_list != []',
  'length(var.empty_list) == 0',
  'var.empty_map == {}',
  'var.names == ["ana", "bo"]',
  'tolist(["a"]) == ["a"]',
  '[for n in var.names : n] == ["ana", "bo"]',
  'var.maybe == null',
  'var.maybe != null ? var.maybe : "fallback"',
  'var.flag ? 2 : 1',
  '!var.flag || length(var.names) > 1',
  'var.count_text == 2',
  'tonumber(var.count_text) + 1',
  'var.flag ? var.tags : {}',
  'var.flag ? var.users : {}',
  'var.flag ? var.names : []',
  '1 == 1.0',
  '"1" == 1',
  // for expressions over maps, objects, lists and sets.
  '{ for name, user in var.users : name => user.keys }',
  '{ for name, user in var.users : name => user if user.console }',
  '[for name, user in var.users : name if user.keys > 1]',
  '{ for p in local.pairs : p.name => p.keys... }',
  '[for l in var.letters : upper(l)]',
  '[for i, n in var.names : "${i}-${n}"]',
  '{ for k, v in local.object : k => v }',
  'var.users["bo"].groups',
  'var.users.ana.groups',
  'var.users.ana.keys',
  'local.pairs[*].name',
  'local.nested.a.b[1]',
  // Collection functions.
  'keys(var.users)',
  'values(var.tags)',
  'length(var.letters)',
  'tolist(var.letters)',
  'toset(["b", "a", "b"])',
  'concat(var.names, ["cy"])',
  'flatten([var.names, [["x"]], []])',
  'merge(var.tags, { env = "dev" }, {})',
  'merge({ a = 1 }, { a = "x" })',
  'lookup(var.tags, "team", "none")',
  'lookup(var.tags, "owner", "none")',
  'contains(var.names, "bo")',
  'distinct(["a", "b", "a"])',
  'sort(["b", "a", "c"])',
  'reverse(var.names)',
  'slice(["a", "b", "c"], 1, 3)',
  'element(var.names, 3)',
  'index(var.names, "bo")',
  'zipmap(var.names, [1, 2])',
  'setproduct(["a", "b"], [1, 2])',
  'setunion(["a"], ["b", "a"])',
  'setsubtract(["a", "b"], ["a"])',
  'setintersection(["a", "b"], ["b", "c"])',
  'coalesce("", "x")',
  'coalesce(null, 1)',
  'coalescelist([], ["a"])',
  'compact(["a", "", "b"])',
  'one(["only"])',
  'one([])',
  'range(3)',
  'range(1, 10, 4)',
  'chunklist(["a", "b", "c"], 2)',
  'transpose({ a = ["1", "2"], b = ["2"] })',
  'matchkeys(["a", "b"], ["x", "y"], ["y"])',
  'sum([1, 2, 3.5])',
  'alltrue([true, var.flag])',
  'anytrue([])',
  // Strings and numbers.
  'format("%s-%03d", "key", 7)',
  'formatlist("%s@example.com", var.names)',
  'join(",", var.names)',
  'split(",", "a,b,,c")',
  'replace("ci-user", "-", "_")',
  'replace("a1b22", "/[0-9]+/", "#")',
  'regex("^(\\\\w+)-(\\\\d+)$", "key-12")',
  'regexall("[a-z]", "a1b2")',
  'substr("credentials", 0, 4)',
  'trimprefix("svc-ci", "svc-")',
  'trimspace("  ci  ")',
  'title("ci user")',
  'lower("CI")',
  'startswith("ci-user", "ci")',
  'strcontains("deploy", "ploy")',
  'max(1, 5, 3)',
  'floor(2.7)',
  'ceil(2.1)',
  'parseint("ff", 16)',
  '10 / 4',
  '7 % 3',
  // Encodings and conversions.
  'jsondecode("{\\"a\\": [1, true, null]}")',
  'jsonencode({ b = 1, a = [true, null] })',
  'yamldecode("a: [1, yes, on, \\"x\\"]")',
  'csvdecode("name,keys\\nana,1\\nbo,2")',
  'base64decode(base64encode("ci"))',
  'tostring(1.5)',
  'tobool("true")',
  'tomap({ a = 1, b = 2 })',
  // try and can.
  'try(var.users.cy.keys, 0)',
  'try(tonumber("x"), -1)',
  'can(var.users.ana.keys)',
  'can(regex("^a", "b"))',
  // Types, order and formatting of results.
  'try(var.users["cy"], null) == null',
  '{ for k, v in var.tags : v => k }',
  'keys({ b = 1, a = 2, A = 3, "10" = 4, "9" = 5 })',
  'sort(["10", "9", "a", "B"])',
  'toset([3, 1, 2])',
  'toset(["b", "A", "a"])',
  '[for s in toset(["b", "a"]) : s]',
  'flatten([for name, user in var.users : [for g in user.groups : { user = name, group = g }]])',
  'length({ for k, v in var.users : k => v if v.keys > 1 })',
  'sum([for u in values(var.users) : u.keys])',
  'merge([for k, v in var.users : { (k) = v.keys }]...)',
  'concat(["a"], [1])',
  'tolist([1, "a"])',
  'toset([true, "x"])',
  'tomap({ a = 1, b = "x" })',
  '[1, "a"] == ["1", "a"]',
  'contains([1], "1")',
  'coalesce(var.maybe, "x")',
  'var.flag == "true"',
  '"${var.flag}"',
  'format("%v", [1, "a"])',
  'format("%q", "a")',
  'format("%.2f", 3.14159)',
  'format("%5s|%-5s|", "a", "b")',
  'format("%x", 255)',
  '0.1 + 0.2',
  'pow(2, 10)',
  'pow(2, -1) + 1',
  'pow(1.5, 2)',
  'pow(9, 0.5)',
  // log(8, 2) is 3 in Terraform, but only where Go's math.Log happens to agree (log(2744, 14) does not): unknown.
  'log(7, 7)',
  'log(1, 0.5)',
  'min([3, 1]...)',
  'length("héllo")',
  'substr("héllo", 1, 3)',
  'strrev("abc")',
  'indent(2, "a\\nb")',
  'chomp("a\\n\\n")',
  'replace("aaa", "a", "b")',
  // Functions that refuse a set (concat, element, index, slice, coalescelist) and some that convert it to a list.
  'concat(var.letters, ["c"])',
  'element(var.letters, 0)',
  'index(var.letters, "a")',
  'slice(var.letters, 0, 1)',
  'coalescelist(var.letters, ["c"])',
  'reverse(var.letters)',
  'chunklist(var.letters, 1)',
  'replace("ci", "", "-")',
  'replace("", "", "-")',
  'replace("h\u00e9", "", ".")',
  'regex("(?P<name>[a-z]+)-(?P<n>\\\\d+)", "ci-1")',
  'regexall("(a)(b)?", "ab a")',
  'trim("??hello??", "?")',
  'element([], 0)',
  'index(["a"], "b")',
  'tonumber("0x10")',
  'tonumber("1e2")',
  'tonumber("+1")',
  '"+2" + 0',
  'tonumber("1.")',
  'var.names["1.0"]',
  'var.names["+1"]',
  'var.names[" 1"]',
  'tobool("yes")',
  'tolist(toset(["b", "a"]))',
  'jsondecode("1.0")',
  'jsonencode(1e21)',
  'jsonencode("<>&")',
  'jsonencode(toset(["b", "a"]))',
  'yamldecode("a: &x 1\\nb: *x")',
  'yamldecode("a: 1\\na: 2")',
  'yamldecode("a:\\r  - x\\r  - y\\r")',
  // go-cty-yaml's own scalar rules: YAML 1.2 number literals only (010 is ten, 0o10 eight, 1_000 and
  // 0b101 strings), Go's prefixes under an explicit tag, and dates as RFC 3339 strings.
  'yamldecode("[010, -010, 0o10, 0x1F, 08, +12, .5, 1.e2, 1e3]")',
  'yamldecode("[1_000, 0b101, 1:20, +0x10, 0_10, 10_, 1e, 0o8]")',
  'yamldecode(".nan")',
  'yamldecode("[!!int 010, !!int 0b1_01, !!int 0O17, !!int -0x10, !!float 1_0.5, !!str 010]")',
  'yamldecode("!!int abc")',
  'yamldecode("[2001-12-14, 2001-1-2, 2001-02-29, 2001-12-14t21:59:43.10-05:00, 2001-12-14  21:59:43.5]")',
  'yamldecode("[2001-12-14T21:59:43+00:00, 2001-12-14T25:59:43Z, 2001-12-14T21:59:43, \\"2001-12-14\\", !!timestamp 2001-12-14]")',
  'yamldecode("2024-01-31: x")',
  // go-cty-yaml looks up words before the tag, keeps quoted text a string, and makes untagged block scalars strings.
  'yamldecode("[!!int \\"10\\", !!int yes, !!bool 1, !!null x, !!bool \\"yes\\", !!str yes]")',
  'yamldecode("a: |-\\n  010\\nb: |-\\n  yes\\nc: |-\\n  ~\\nd: >-\\n  2024-01-31\\ne: !!int |-\\n  10\\n")',
  'yamldecode("a: |\\n")',
  '[for v in yamldecode("[.inf, -.inf, !!float -inf]") : tostring(v)]',
  'yamldecode("!!float .nan")',
  'yamldecode("a: !Ref x")',
  // Collections whose element type is any: every element is converted to the one type all unify to.
  'var.mixed',
  'var.mixed_list',
  '[for name, user in var.mixed : name if user.rotation == 2]',
  'tolist([{ a = 1 }, { a = "x" }])',
  'tolist([[1], ["a"]])',
  'tolist([{ a = [1] }, { a = ["x", 2] }])',
  'tolist([{ a = 1 }, { b = 2 }])',
  'tomap({ x = { a = 1 }, y = { a = "s" } })',
  'tomap({ a = tomap({ x = 1 }), b = { y = "s" } })',
  '[for x in tolist([{ a = 1 }, { a = "x" }]) : x.a]',
  'distinct([{ a = 1 }, { a = "1" }])',
  'distinct([1, "1"])',
  'distinct([1, true])',
  'length(toset([{ a = 1 }, { a = "1" }]))',
  'setunion([{ a = 1 }], [{ a = "1" }])',
  'tolist([{ a = 1 }, [1]])',
  // A null of a declared object type unifies with objects (a literal null, of no type, would not: README).
  'tolist([var.no_object, { a = 1 }])',
  'tolist([var.no_object, { a = "x" }, { a = 2 }])',
  'tomap({ a = [1], b = { x = 1 } })',
  'csvdecode("a,b\\n\\"x,y\\",2")',
  'urlencode("a b/c?")',
  'sha256("ci")',
  'contains(local.tuple, "1")',
  'zipmap(["a", "b"], [1, "x"])',
  'range(5, 1)',
  'range(-1, -5, -2)',
  'parseint("z", 36)',
  '-7 % 3',
  '7.5 % 2',
  // A division by zero is an infinity, which a string shows and JSON cannot hold.
  'tostring(5 / 0)',
  'tostring(-5 / 0)',
  '5 / 0',
  '-5 / 0 < 0',
  // Numbers after a legacy splat (.*) index each element; a bracket indexes the whole list.
  'local.people.*.name.0',
  'local.people.*.name[0]',
  'local.people.*.tags.0',
  'local.people.*.tags.1',
  'local.grid.*.1',
  'local.grid.*.0[1]',
  // A template refuses a null, in an interpolation or a branch of one.
  '"ci${var.flag ? null : "-old"}"',
  '"ci${var.flag ? "-old" : null}"',
  // Argument checks found by a generated differential run: every coalescelist argument must be a list or
  // tuple, zipmap's values too (its keys may be a set), contains refuses a null value, formatlist reads sets.
  'coalescelist(var.names, var.letters)',
  'coalescelist(["a"], "x")',
  'zipmap(var.names, toset(["x", "y"]))',
  'zipmap(var.letters, ["x", "y"])',
  'contains(var.names, var.maybe)',
  'contains([null, "x"], null)',
  'formatlist("%s-%s", var.letters, var.names)',
  'formatlist("%s@example.com", toset(["b", "a"]))',
  // coalesce unifies its arguments' types and converts the one it picks; strings join a unification first.
  'coalesce(var.n, var.flag)',
  'coalesce(var.names, var.tags)',
  'coalesce({ k = true }, { a = "x" })',
  'coalesce({ k = true }, { a = 1, b = "two" })',
  'coalesce({ k = true }, { a = 1 })',
  'tolist([{ k = true }, { a = 1, b = "two" }])',
  // chunklist converts a tuple to a list first, and a zero size over an empty list gives no chunk.
  'chunklist(local.tuple, 2)',
  'chunklist(var.empty_list, 0)',
  'chunklist(var.names, 0)',
  // element() wraps a negative index around a list but fails on a tuple (Terraform 1.11); functions
  // returning a list make one; the remainder of a division by zero is the dividend.
  'element(var.names, -1)',
  'element(["a", "b", "c"], -1)',
  'element(["a", "b", "c"], -3)',
  'element(split(",", "a,b"), -1)',
  'element(sort(["b", "a"]), -3)',
  'compact([]) == []',
  'split(",", "a") == ["a"]',
  '5 % 0',
  '-5.5 % 0',
  // upper, lower and title are Go's one-to-one simple case mappings, not JavaScript's full ones.
  'upper("straße ǆ ᾳ ﬁ")',
  'lower("İZMİR ΣΑΣ")',
  'title("ǆa ßa ⓐb ა")',
];

afterAll(removeTempTrees);

/** Each expression's value, base64 of its JSON, or "ERROR" where evaluating it fails. */
const wrapped = (expression: string) => `try(base64encode(jsonencode(${expression})), "ERROR")`;

function decoded(value: string): unknown {
  return value === 'ERROR' ? value : (JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown);
}

function terraformValues(dir: string): unknown[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.tf'), MODULE);
  const tuple = `base64encode(jsonencode([${EXPRESSIONS.map(wrapped).join(', ')}]))`;
  const result = spawnSync('terraform', ['console', '-no-color'], { cwd: dir, input: `${tuple}\n`, encoding: 'utf8', timeout: 120_000 });
  expect(result.status, result.stderr || result.stdout).toBe(0);
  const values = JSON.parse(Buffer.from(JSON.parse(result.stdout.trim()) as string, 'base64').toString('utf8')) as string[];
  return values.map(decoded);
}

function credlintValues(dir: string): unknown[] {
  mkdirSync(dir, { recursive: true });
  const keys = EXPRESSIONS.flatMap((expression, i) =>
    ['a', 'b'].map((pair) => `resource "aws_iam_access_key" "c${i}_${pair}" {\n  user = "c${i}:\${${wrapped(expression)}}"\n}\n`),
  );
  writeFileSync(path.join(dir, 'main.tf'), `${MODULE}\n${keys.join('\n')}`);
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', '--report-unknown', dir], { encoding: 'utf8', timeout: 120_000 });
  const report = JSON.parse(result.stdout) as { findings: { ruleId: string; severity: string; message: string }[] };
  const values: unknown[] = EXPRESSIONS.map(() => 'NO FINDING');
  for (const finding of report.findings) {
    if (finding.ruleId !== 'multiple-active-access-keys') continue;
    const named = /IAM user "c(\d+):([^"]*)"/.exec(finding.message);
    const index = /aws_iam_access_key\.c(\d+)_a/.exec(finding.message);
    if (named?.[1] !== undefined && named[2] !== undefined) values[Number(named[1])] = decoded(named[2]);
    else if (index?.[1] !== undefined) values[Number(index[1])] = `UNDECIDED: ${finding.message}`;
  }
  return values;
}

describe.skipIf(!HAS_TERRAFORM)('the Terraform evaluator against terraform console', () => {
  it(`gives Terraform's value for each of ${EXPRESSIONS.length} expressions`, () => {
    const base = tempTree({}, 'credlint-console-');
    const expected = terraformValues(path.join(base, 'terraform'));
    const actual = credlintValues(path.join(base, 'credlint'));
    const differing = EXPRESSIONS.flatMap((expression, i) =>
      JSON.stringify(actual[i]) === JSON.stringify(expected[i]) ? [] : [{ expression, terraform: expected[i], credlint: actual[i] }],
    );
    expect(differing).toEqual([]);
  });
});
