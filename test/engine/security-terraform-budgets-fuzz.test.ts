/**
 * The Terraform evaluation budgets hold on generated programs: locals that double, nest and repeat
 * values, big numbers in count/for_each/range/format, backtracking-prone regexes, and module
 * directories that call the next one several times. Every program must be evaluated through the whole
 * engine within a time bound, without an exception or a stack trace escaping, the process staying
 * under 1 GiB; what a budget stops is reported as a parse-error naming a limit. Programs are written
 * as `.tf.json` (parsed as JSON) and run with budgets smaller than the defaults,
 * so that each run stays short.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

const LIMITS = { valueNodes: 200_000, expressionSteps: 50_000, instancesPerBlock: 1_000, instancesPerUnit: 5_000, moduleInstances: 300, regexSteps: 5_000_000 };

const big = fc.constantFrom('3', '1024', '100000', '1e10', '1e300', '-1', '0.5');

/** One local's expression, from the previous local `p` (and the one before, `q`). */
const step = fc.oneof(
  fc.constant('concat(local.p, local.p)'),
  fc.constant('[local.p, local.q]'),
  fc.constant('{ a = local.p, b = local.p }'),
  fc.constant('"${local.p}${local.p}"'),
  fc.constant('[for x in local.p : [x, x]]'),
  fc.constant('[for x in local.p : [for y in local.p : "${x}${y}"]]'),
  fc.constant('"%{for x in local.p}${local.q}%{endfor}"'),
  fc.constant('flatten([local.p, local.p, local.q])'),
  fc.constant('toset(flatten([local.p]))'),
  fc.constant('distinct(concat(local.p, local.q))'),
  fc.constant('setproduct(local.p, local.p)'),
  fc.constant('jsonencode(local.p)'),
  fc.constant('join(local.q, local.p)'),
  fc.constant('replace(local.p, "a", local.p)'),
  fc.constant('regexall("(a+)+$", local.p)'),
  fc.constant('replace(local.p, "/(a|aa)*$/", local.q)'),
  fc.constant('can(regex("(x+x+)+y", local.p))'),
  fc.constant('strrev(local.p)'),
  fc.constant('keys(local.p)'),
  fc.constant('length(local.p)'),
  big.map((n) => `range(${n})`),
  big.map((n) => `format("%0${n}d", 1)`),
  big.map((n) => `[for i in range(${n}) : local.p]`),
  big.map((n) => `chunklist(local.p, ${n})`),
  big.map((n) => `substr(local.p, ${n}, ${n})`),
  big.map((n) => `local.p * ${n}`),
  fc.constant(`"${'a'.repeat(2_000)}!"`),
  fc.constant('["a", "aa", "aaa"]'),
);

const meta = fc.oneof(
  big.map((n) => ({ count: `\${${n}}` })),
  fc.constant({ count: '${length(local.last)}' }),
  fc.constant({ for_each: '${toset([for x in flatten([local.last]) : tostring(x)])}' }),
  fc.constant({ for_each: '${local.last}' }),
);

const program = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 12 }),
  key: meta,
  depth: fc.integer({ min: 0, max: 6 }),
  fanOut: fc.integer({ min: 1, max: 4 }),
  moduleMeta: fc.option(meta, { nil: undefined }),
});

type Program = typeof program extends fc.Arbitrary<infer T> ? T : never;

function write(root: string, generated: Program): void {
  const locals: Record<string, string> = { l0: '${["a", "b"]}', lm: '${["x"]}' };
  generated.steps.forEach((expression, index) => {
    const p = `local.l${index}`;
    const q = `local.l${Math.max(0, index - 1)}`;
    locals[`l${index + 1}`] = `\${${expression.replaceAll('local.p', p).replaceAll('local.q', q)}}`;
  });
  locals['last'] = `\${local.l${generated.steps.length}}`;
  for (let level = 0; level <= generated.depth; level += 1) {
    const dir = join(root, `m${level}`);
    mkdirSync(dir, { recursive: true });
    const modules: Record<string, unknown> = {};
    if (level < generated.depth) {
      for (let call = 0; call < generated.fanOut; call += 1) modules[`c${call}`] = { source: `../m${level + 1}`, ...(generated.moduleMeta ?? {}) };
    }
    const body = {
      locals,
      resource: { aws_iam_access_key: { k: { user: 'bob', ...generated.key } } },
      ...(Object.keys(modules).length > 0 ? { module: modules } : {}),
    };
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(body, null, 1));
  }
}

describe('fuzzing Terraform evaluation budgets', () => {
  it('every generated program ends quickly, under 1 GiB, without an exception escaping', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-tf-fuzz-')));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(program, async (generated) => {
          const root = join(base, `p${run++}`);
          write(root, generated);
          const started = Date.now();
          const result = await lint({ paths: [root], cwd: root, env: {}, reportUnknown: true, limits: LIMITS });
          const elapsed = Date.now() - started;
          expect(elapsed, JSON.stringify(generated)).toBeLessThan(5_000);
          expect(process.resourceUsage().maxRSS).toBeLessThan(1024 * 1024);
          for (const finding of result.findings) {
            expect(finding.message).not.toMatch(/\n\s+at |RangeError|internal error|failed/);
            if (finding.ruleId === 'parse-error') expect(finding.message).toMatch(/limit \w+ = |cycle/);
          }
          rmSync(root, { recursive: true, force: true });
        }),
        { numRuns: 80, seed: 9, endOnFailure: true },
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 60_000);
});
