/**
 * A key that two conditions written differently share when they compute the same thing: the
 * CloudFormation conditions `IsProd: !Equals [!Ref Env, prod]`, `Prod2: !Equals [prod, !Ref Env]`,
 * `Alias: !Condition IsProd` and `!Not [!Not [!Condition IsProd]]` are one formula once each is
 * written over what it compares (`exclusive-conditions.ts`). The formula is put in negation normal
 * form (negations pushed down to the atoms, De Morgan), `and`/`or` flattened, their operands without
 * repeats and in one order, and simplified by laws that hold whatever the atoms are: constants
 * (`A and true` is `A`), complements (`A and not A` is false, `A and (not A or B)` is `A and B`) and absorption (`A or (A and B)` and
 * `A and (A or B)` are `A`; `(A or B) and (A or B or C)` is `A or B`). Equal keys mean equal conditions;
 * different keys say nothing (`(A and B) or (A and not B)` is `A`, but keeps a key of its own).
 */
import type { Condition, ConditionWork } from './exclusive-conditions.js';
import { nodeCrypto } from './node-crypto.js';

/**
 * What keying spends, asked of the caller's budget before it is spent: a step per condition object
 * visited (once per polarity: named conditions are shared objects, so a chain of conditions that each
 * name the previous one twice is a small template but an exponential tree, and each object's normal
 * form is remembered with it), a step per character of a key written, and one per operand key that
 * absorption compares (each operand of an `and`/`or` with each other).
 */
type Budget = ConditionWork;

/**
 * Longer keys are given as their SHA-256 digest: each `Fn::If` chosen by the condition writes the key
 * into its value's symbol, and a condition comparing a value of 300,000 characters, written in
 * thousands of `Fn::If`s, filled 4 GB with copies of it.
 */
const MAX_KEY_LENGTH = 256;

export interface PolarKey {
  readonly key: string;
  readonly negated: boolean;
}

const polarKeys = new WeakMap<Condition, PolarKey>();

/** Normal forms found, per condition object and polarity. */
const normalForms = new WeakMap<Condition, { positive?: Normal; negative?: Normal }>();

/**
 * The key of `condition` or of its negation, whichever sorts first, with `negated` saying which:
 * `!If [IsProd, a, b]` and `!If [NotProd, b, a]` (`NotProd: !Not [!Condition IsProd]`) choose alike,
 * and both are keyed as one condition with their branches in one order. Undefined where `work` refuses
 * the steps (the caller reports its limit). Remembered per condition object.
 */
export function polarConditionKey(condition: Condition, work: ConditionWork): PolarKey | undefined {
  const known = polarKeys.get(condition);
  if (known !== undefined) return known;
  const positive = normalKey(condition, false, work);
  const negative = positive === undefined ? undefined : normalKey(condition, true, work);
  if (positive === undefined || negative === undefined) return undefined;
  const [key, negated] = positive <= negative ? [positive, false] : [negative, true];
  const polar = { key: key.length > MAX_KEY_LENGTH ? `sha256:${nodeCrypto().createHash('sha256').update(key).digest('hex')}` : key, negated };
  polarKeys.set(condition, polar);
  return polar;
}

/**
 * A formula in negation normal form, simplified: a (possibly negated) atom or a constant, keyed, or
 * `and`/`or` of two or more operands of the other kinds, keyed by their keys (no repeats, in one order).
 */
type Normal =
  | { readonly kind: 'leaf'; readonly key: string }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Normal[]; readonly keys: ReadonlySet<string>; readonly key: string };

const TRUE_KEY = 'true';
const FALSE_KEY = 'false';

/** The key of the condition (negated: of its negation) in normal form; undefined once the budget is spent. */
function normalKey(condition: Condition, negated: boolean, budget: Budget): string | undefined {
  return normalForm(condition, negated, budget)?.key;
}

function normalForm(condition: Condition, negated: boolean, budget: Budget): Normal | undefined {
  const known = normalForms.get(condition);
  const found = negated ? known?.negative : known?.positive;
  if (found !== undefined) return found;
  const normal = unremembered(condition, negated, budget);
  if (normal === undefined) return undefined;
  const entry = known ?? {};
  if (negated) entry.negative = normal;
  else entry.positive = normal;
  normalForms.set(condition, entry);
  return normal;
}

function unremembered(condition: Condition, negated: boolean, budget: Budget): Normal | undefined {
  if (!budget(1)) return undefined;
  const leaf = (key: string): Normal | undefined => (budget(key.length) ? { kind: 'leaf', key: `${negated ? '!' : ''}${key}` } : undefined);
  switch (condition.kind) {
    case 'constant':
      return { kind: 'leaf', key: condition.value !== negated ? TRUE_KEY : FALSE_KEY };
    case 'not':
      return normalForm(condition.operand, !negated, budget);
    case 'and':
    case 'or': {
      // De Morgan: not (a and b) is (not a) or (not b).
      const kind = (condition.kind === 'and') !== negated ? 'and' : 'or';
      const operands: Normal[] = [];
      for (const operand of condition.operands) {
        const normal = normalForm(operand, negated, budget);
        if (normal === undefined) return undefined;
        operands.push(normal);
      }
      return junction(kind, operands, budget);
    }
    case 'is':
      // The values a subject may take (`oneOf`) belong to the subject, so they are not part of the key.
      return leaf(`is${JSON.stringify([condition.subject, condition.value])}`);
    case 'compare':
      return leaf(`compare${JSON.stringify([condition.subject, condition.operator, condition.value, condition.natural])}`);
    case 'atom':
      return leaf(`atom${JSON.stringify(condition.key)}`);
  }
}

/**
 * `and` (or `or`) of simplified operands, simplified: nested ones of its kind flattened (`A and (B and
 * C)`), repeats dropped, `true` dropped from an `and` and `false` from an `or`; an `and` holding `false`
 * or an atom and its negation is `false` (an `or`: `true`); an operand absorbed by another dropped (in an
 * `and`, an `or` whose operands include all of another operand's: `A and (A or B)` is `A`), and an
 * atom's negation dropped from the other operands (`A and (not A or B)` is `A and B`). Undefined once
 * the budget is spent.
 */
function junction(kind: 'and' | 'or', operands: readonly Normal[], budget: Budget): Normal | undefined {
  const [unit, zero] = kind === 'and' ? [TRUE_KEY, FALSE_KEY] : [FALSE_KEY, TRUE_KEY];
  const byKey = new Map<string, Normal>();
  for (const operand of operands.flatMap((o) => (o.kind === kind ? o.operands : [o]))) {
    if (operand.key !== unit) byKey.set(operand.key, operand);
  }
  const complement = (key: string) => (key.startsWith('!') ? key.slice(1) : `!${key}`);
  if (byKey.has(zero) || [...byKey.keys()].some((key) => byKey.has(complement(key)))) return { kind: 'leaf', key: zero };
  // An atom makes its negation false inside the others: `A and (not A or B)` is `A and B`.
  const leaves = new Set([...byKey.values()].filter((n) => n.kind === 'leaf').map((n) => complement(n.key)));
  let reduced = false;
  const candidates: Normal[] = [];
  for (const operand of byKey.values()) {
    if (!budget(operand.kind === 'leaf' ? 0 : operand.operands.length)) return undefined;
    const left = operand.kind === 'leaf' ? [] : operand.operands.filter((o) => !leaves.has(o.key));
    if (operand.kind === 'leaf' || left.length === operand.operands.length) candidates.push(operand);
    else {
      const simpler = junction(operand.kind, left, budget);
      if (simpler === undefined) return undefined;
      candidates.push(simpler);
      reduced = true;
    }
  }
  // What was reduced may now repeat, join or absorb another operand: simplified again (each time smaller).
  if (reduced) return junction(kind, candidates, budget);
  // What each operand requires of the other kind (an `or` inside an `and`): its operands' keys, or itself.
  const parts = (n: Normal): ReadonlySet<string> => (n.kind === 'leaf' ? new Set([n.key]) : n.keys);
  const kept: Normal[] = [];
  for (const operand of candidates) {
    let absorbed = false;
    for (const other of candidates) {
      if (other === operand || other.kind === kind) continue;
      const [small, large] = [parts(other), parts(operand)];
      if (!budget(small.size)) return undefined;
      if (small.size < large.size && [...small].every((key) => large.has(key))) {
        absorbed = true;
        break;
      }
    }
    if (!absorbed) kept.push(operand);
  }
  if (kept.length === 0) return { kind: 'leaf', key: unit };
  if (kept.length === 1) return kept[0];
  const keys = new Set(kept.map((n) => n.key));
  // Asked before the key is written: each key holds its operands' keys, so a chain of conditions each
  // naming the previous one in two different operands doubles the length at each link.
  if (!budget([...keys].reduce((sum, key) => sum + key.length + 1, kind.length + 2))) return undefined;
  return { kind, operands: kept, keys, key: `${kind}(${[...keys].sort().join(',')})` };
}
