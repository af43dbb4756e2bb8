// templatestring (Terraform 1.9) and ephemeralasnull (Terraform 1.10): each row is what Terraform gives,
// from the functions' documentation and the rules their implementation states.
import { describe, expect, it } from 'vitest';
import { evaluate, type EvalScope, type RootReference } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { EvaluationError, Unknown, isSensitive, markSensitive, type TfValue } from '../../src/terraform/expr/value.js';

const locals: Record<string, TfValue> = {
  greeting: 'Hello, ${name}!',
  templates: { ci: 'ci-${team}', ops: '%{ if admin }admin-%{ endif }${team}' },
  reads_var: '${var.team}',
  nested: '${templatestring(t, {})}',
  files: '${file("users.txt")}',
  lone: '${value}',
  number: 5,
  pending: new Unknown('data.aws_s3_object.t.body is known after apply'),
  secret: markSensitive('svc-${team}'),
};

function scopeOf(withoutEphemeralValues?: boolean): EvalScope {
  return {
    resolve(ref: RootReference): TfValue {
      if (ref.kind === 'local') return Object.hasOwn(locals, ref.name) ? (locals[ref.name] ?? null) : new EvaluationError(`local.${ref.name} is not declared`);
      if (ref.kind === 'var') return ref.name === 'team' ? 'web' : new Unknown(`var.${ref.name} has no value`);
      return new Unknown('not in this test');
    },
    ...(withoutEphemeralValues === undefined ? {} : { withoutEphemeralValues }),
  };
}

function run(source: string, withoutEphemeralValues?: boolean): TfValue {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`${source} did not parse: ${parsed.message}`);
  return evaluate(parsed.expr, scopeOf(withoutEphemeralValues));
}

describe('templatestring', () => {
  it.each([
    ['templatestring(local.greeting, { name = "ana" })', 'Hello, ana!'],
    ['templatestring(local.templates["ci"], { team = var.team })', 'ci-web'],
    ['templatestring(local.templates.ops, { team = "ops", admin = true })', 'admin-ops'],
    // The result is converted to a string.
    ['templatestring(local.lone, { value = 5 })', '5'],
    ['try(templatestring("Hello, $${name}", { name = "ana" }), "refused")', 'refused'],
  ])('%s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    // Written in place, as a literal or a template, or computed: Terraform wants a reference.
    ['templatestring("Hello, $${name}", { name = "ana" })', /direct reference/],
    ['templatestring("${local.greeting}", { name = "ana" })', /direct reference/],
    ['templatestring(<<EOT\n${local.greeting}\nEOT\n, { name = "ana" })', /direct reference/],
    ['templatestring("x-${local.greeting}", { name = "ana" })', /direct reference/],
    ['templatestring(lower(local.greeting), { name = "ana" })', /direct reference/],
    ['templatestring((local.greeting), { name = "ana" })', /direct reference/],
    ['templatestring(local.number, {})', /must be a string/],
    // Only the given variables are defined; a name missing, or one no template could use, fails.
    ['templatestring(local.greeting, {})', /invalid reference/],
    ['templatestring(local.reads_var, {})', /can use only its variables, not var\.team/],
    ['templatestring(local.greeting, { name = "ana", "not a name" = 1 })', /template variable name/],
    ['templatestring(local.greeting, ["ana"])', /must be a map or an object/],
    ['templatestring(local.lone, { value = null })', /the result of the template is null/],
    ['templatestring(local.lone, { value = ["a"] })', /not a string/],
    ['templatestring(local.nested, { t = "x" })', /cannot be called from inside a template/],
    ['templatestring(local.greeting)', /expected 2 arguments, got 1/],
  ])('%s fails', (source, reason) => {
    const result = run(source);
    expect(result).toBeInstanceOf(EvaluationError);
    expect((result as Unknown).reason).toMatch(reason);
  });

  it('stays unknown with an unknown template, or a file read in the template', () => {
    for (const source of ['templatestring(local.pending, { name = "ana" })', 'templatestring(local.files, {})']) {
      const result = run(source);
      expect(result, source).toBeInstanceOf(Unknown);
      expect(result, source).not.toBeInstanceOf(EvaluationError);
      expect((result as Unknown).known, source).toBeUndefined();
    }
  });

  it('keeps what the template says of a result with an unknown variable', () => {
    const result = run('templatestring(local.greeting, { name = var.unset })');
    expect(result).toBeInstanceOf(Unknown);
    expect((result as Unknown).known).toEqual({ prefix: 'Hello, ', suffix: '!', minLength: 8 });
  });

  it('marks the result of a sensitive template', () => {
    const result = run('templatestring(local.secret, { team = "web" })');
    expect(isSensitive(result)).toBe(true);
    expect(isSensitive(result) && result.value).toBe('svc-web');
  });
});

describe('ephemeralasnull', () => {
  it('returns its argument where no value in scope can be ephemeral', () => {
    expect(run('ephemeralasnull(local.templates)', true)).toEqual(locals['templates']);
    expect(run('ephemeralasnull("ci-${var.team}")', true)).toBe('ci-web');
  });

  it('is unknown where a value may be ephemeral, or where that is not known', () => {
    for (const flag of [false, undefined]) {
      const result = run('ephemeralasnull(var.team)', flag);
      expect(result).toBeInstanceOf(Unknown);
      expect(result).not.toBeInstanceOf(EvaluationError);
      expect((result as Unknown).reason).toMatch(/may hold ephemeral values/);
    }
  });

  it('takes exactly one argument', () => {
    expect(run('ephemeralasnull()', true)).toBeInstanceOf(EvaluationError);
    expect(run('ephemeralasnull(1, 2)', true)).toBeInstanceOf(EvaluationError);
  });
});
