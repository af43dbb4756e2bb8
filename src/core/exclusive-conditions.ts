/**
 * Conditions that cannot both hold, whatever the values they depend on turn out to be: the condition a
 * Terraform `count` switches a block on with, the CloudFormation condition a resource is created under.
 * Each is a formula over atoms: a value `v` is a literal `l` (`is`: one value is one literal at most,
 * so `v is "a"` and `v is "b"` never both hold), a number `v` compared with a number (`compare`: `v`
 * is one number, so `v > 0` and `v <= 0` never both hold and one of them always does; where `v` is a
 * count of elements, `length(x)`, it is a whole number of at least 0, so `length(x) > 0` and
 * `length(x) == 0` too; where `v` is one of a few values, `oneOf`, one of `v is "a"` and `v is "b"` over
 * `["a", "b"]` always holds), or any other comparison or test, true or false independently of the rest
 * (`atom`). Each assignment tried is one that may happen: treating a comparison of two unknown values
 * as free only adds assignments that cannot, so "cannot both hold" and "one of them always holds" are
 * never said wrongly; where the assignments to try are too many, neither is said.
 */

export type Condition =
  | { readonly kind: 'atom'; readonly key: string }
  | {
      readonly kind: 'is';
      readonly subject: string;
      readonly value: string;
      /**
       * The subject is one of these values, where that is known (a CloudFormation parameter's
       * `AllowedValues`: a stack given another value is never created), so that `Env is dev` and
       * `Env is prod` over `[dev, prod]` also never both fail.
       */
      readonly oneOf?: readonly string[];
    }
  | {
      readonly kind: 'compare';
      readonly subject: string;
      readonly operator: '<' | '==' | '>';
      readonly value: number;
      /** The subject is a whole number of at least 0 (a count of elements). */
      readonly natural: boolean;
    }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Condition[] };

/**
 * Above this many assignments of the atoms (2 per free atom, 1 + its literals per subject, 2 + 1 per
 * number per compared subject), two conditions are not compared.
 */
const MAX_ASSIGNMENTS = 1024;

/** Above this many nodes a condition is not compared (each assignment evaluates it once). */
const MAX_NODES = 256;

/** Above this many distinct conditions among the instances of one unit, none is compared with another. */
const MAX_DISTINCT = 32;

/** Above this many switched instances in one unit none is either: each would list up to all the others. */
const MAX_INSTANCES = 1000;

export const TRUE: Condition = { kind: 'constant', value: true };

export function not(operand: Condition): Condition {
  if (operand.kind === 'constant') return { kind: 'constant', value: !operand.value };
  return { kind: 'not', operand };
}

export function and(...operands: Condition[]): Condition {
  const kept = operands.filter((c) => !(c.kind === 'constant' && c.value));
  if (kept.some((c) => c.kind === 'constant')) return { kind: 'constant', value: false };
  return kept.length === 0 ? TRUE : kept.length === 1 ? (kept[0] as Condition) : { kind: 'and', operands: kept };
}

export function or(...operands: Condition[]): Condition {
  const kept = operands.filter((c) => !(c.kind === 'constant' && !c.value));
  if (kept.some((c) => c.kind === 'constant')) return TRUE;
  return kept.length === 0 ? { kind: 'constant', value: false } : kept.length === 1 ? (kept[0] as Condition) : { kind: 'or', operands: kept };
}

/** Whether no assignment of the atoms makes both conditions true; false when too many to try. */
export function excludeEachOther(a: Condition, b: Condition): boolean {
  return !someAssignment(a, b, (x, y) => x && y);
}

/**
 * Whether every assignment of the atoms makes one of the conditions true, at least (`var.pgp_key != ""`
 * and `var.pgp_key == ""`): whatever the values turn out to be, one of them holds. False when too many to try.
 */
export function oneAlwaysHolds(a: Condition, b: Condition): boolean {
  return !someAssignment(a, b, (x, y) => !x && !y);
}

/**
 * Work a caller lets the questions below spend: `steps` (assignments to try times the nodes each
 * evaluates) is asked before they are tried; false when the caller's budget has run out, and the
 * question is then left unanswered ("not known to hold", "not known never to hold").
 */
export type ConditionWork = (steps: number) => boolean;

/**
 * Whether a condition holds whatever its atoms turn out to be, and whether it never does (each false
 * when too large to tell, or when `work` refuses the steps). Remembered per condition object: a
 * template's conditions are built once per name and shared by every resource created under them. Each
 * answer costs up to `MAX_ASSIGNMENTS` x `MAX_NODES` steps, and a template nested many times builds its
 * conditions once per stack instance: a unit asks it tens of thousands of times, so its caller bounds
 * the sum.
 */
export function alwaysHolds(condition: Condition, work?: ConditionWork): boolean {
  return tautology(condition, work).always;
}

export function neverHolds(condition: Condition, work?: ConditionWork): boolean {
  return tautology(condition, work).never;
}

const tautologies = new WeakMap<Condition, { readonly always: boolean; readonly never: boolean }>();

function tautology(condition: Condition, work: ConditionWork | undefined): { readonly always: boolean; readonly never: boolean } {
  let known = tautologies.get(condition);
  if (known === undefined) {
    const refused = { any: false };
    const spend = work === undefined ? undefined : (steps: number) => work(steps) || !(refused.any = true);
    known = { always: !someAssignment(condition, condition, (x, y) => !x && !y, spend), never: !someAssignment(condition, condition, (x, y) => x && y, spend) };
    // Not remembered when left unanswered: the answer was not found, only not looked for.
    if (refused.any) return { always: false, never: false };
    tautologies.set(condition, known);
  }
  return known;
}

/**
 * Whether some assignment of the atoms of `a` and `b` gives values for which `found` holds; true
 * (the answer that says nothing) when they are too large or have too many assignments to try.
 */
function someAssignment(a: Condition, b: Condition, found: (a: boolean, b: boolean) => boolean, work?: ConditionWork): boolean {
  if (!withinNodes(a, MAX_NODES) || !withinNodes(b, MAX_NODES - nodeCount(a))) return true;
  const free = new Set<string>();
  const subjects = new Map<string, Subject>();
  const compared = new Map<string, { values: Set<number>; natural: boolean }>();
  for (const condition of [a, b]) collectAtoms(condition, free, subjects, compared);
  // Each compared subject is one number of each range its numbers bound.
  const numbers = [...compared.values()].map(({ values, natural }) => representatives([...values], natural));
  const literals = [...subjects.values()].map(choices);
  const radices = [...[...free].map(() => 2), ...literals.map((values) => values.length), ...numbers.map((n) => n.length)];
  const total = radices.reduce((n, r) => n * r, 1);
  // A subject with no value to take (its lists of values disjoint) says nothing either.
  if (total > MAX_ASSIGNMENTS || total === 0) return true;
  if (work !== undefined && !work(total * (nodeCount(a) + nodeCount(b)))) return true;
  const freeIndex = new Map([...free].map((key, i) => [key, i]));
  const subjectIndex = new Map([...subjects.keys()].map((subject, i) => [subject, free.size + i]));
  const comparedIndex = new Map([...compared.keys()].map((subject, i) => [subject, free.size + subjects.size + i]));
  const digits = radices.map(() => 0);
  for (let n = 0; n < total; n++) {
    let rest = n;
    for (const [i, radix] of radices.entries()) {
      digits[i] = rest % radix;
      rest = Math.floor(rest / radix);
    }
    const value = (atom: Atom): boolean => {
      if (atom.kind === 'atom') return digits[freeIndex.get(atom.key) ?? -1] === 1;
      if (atom.kind === 'is') {
        const i = subjectIndex.get(atom.subject) ?? -1;
        return literals[i - free.size]?.[digits[i] ?? -1] === atom.value;
      }
      const i = comparedIndex.get(atom.subject) ?? -1;
      const number = numbers[i - free.size - subjects.size]?.[digits[i] ?? -1];
      if (number === undefined) return false;
      return atom.operator === '<' ? number < atom.value : atom.operator === '>' ? number > atom.value : number === atom.value;
    };
    if (found(holds(a, value), holds(b, value))) return true;
  }
  return false;
}

/**
 * One number of each range that `values` cut the numbers into: each value, one between each two
 * neighbours, one below the least and one above the greatest. For whole numbers of at least 0, the
 * whole numbers of each such range, where it has any: the next one above each value, the one below
 * the least, and 0.
 */
function representatives(values: number[], natural: boolean): number[] {
  const sorted = [...new Set(values)].sort((x, y) => x - y);
  if (!natural) {
    const between = sorted.slice(1).map((v, i) => ((sorted[i] as number) + v) / 2);
    return [(sorted[0] as number) - 1, ...sorted, ...between, (sorted.at(-1) as number) + 1];
  }
  const candidates = [0, ...sorted.filter(Number.isInteger), ...sorted.map((v) => Math.floor(v) + 1), Math.ceil(sorted[0] as number) - 1];
  return [...new Set(candidates.filter((v) => v >= 0))];
}

/**
 * An instance switched on by a condition; `owners`, where the instance belongs to one of several
 * owners depending on conditions (a key whose user is `!If [C, ops, ci]`), says under which condition
 * it is whose (`name` undefined: anyone's). Without `owners` it may be anyone's.
 */
export interface Switched {
  readonly id: string;
  readonly when: Condition;
  readonly owners?: readonly { readonly when: Condition; readonly name: string | undefined }[];
}

/**
 * For instances each switched on by a condition, the ids of the others each never exists together
 * with as one owner's. Instances under one written condition (and owners) are compared once; past
 * `MAX_DISTINCT` distinct ones, or `MAX_INSTANCES` instances, none are (every instance may exist
 * beside every other).
 */
export function exclusivePairs(switched: readonly Switched[]): Map<string, string[]> {
  const never = new Map<string, string[]>();
  // Decided before any condition is written out as a key: a unit may switch tens of thousands.
  if (switched.length > MAX_INSTANCES) return never;
  const byCondition = new Map<string, { item: Switched; ids: string[] }>();
  for (const item of switched) {
    // Too large to compare (or to write out as a key): exists beside every other.
    if (!withinNodes(item.when, MAX_NODES) || item.owners?.some((owner) => !withinNodes(owner.when, MAX_NODES)) === true) continue;
    const key = JSON.stringify([item.when, item.owners]);
    const group = byCondition.get(key) ?? { item, ids: [] };
    group.ids.push(item.id);
    byCondition.set(key, group);
    if (byCondition.size > MAX_DISTINCT) return never;
  }
  const groups = [...byCondition.values()];
  const add = (from: readonly string[], to: readonly string[]) => {
    for (const id of from) {
      const others = to.filter((other) => other !== id);
      if (others.length > 0) never.set(id, [...(never.get(id) ?? []), ...others]);
    }
  };
  for (const [i, a] of groups.entries()) {
    for (const b of groups.slice(i)) {
      if (!neverOfOneOwner(a.item, b.item)) continue;
      add(a.ids, b.ids);
      if (a !== b) add(b.ids, a.ids);
    }
  }
  return never;
}

/**
 * For instances each switched on by a condition, the ids of the others of which, whenever one does not
 * exist, the other does (`oneAlwaysHolds`), among those whose condition `comparable` accepts (asked
 * only of conditions within `MAX_NODES`). Instances under one condition are compared once; past
 * `MAX_DISTINCT` distinct conditions, or `MAX_INSTANCES` instances, none are.
 */
export function complementaryPairs(switched: readonly Pick<Switched, 'id' | 'when'>[], comparable: (condition: Condition) => boolean): Map<string, string[]> {
  const either = new Map<string, string[]>();
  if (switched.length > MAX_INSTANCES) return either;
  const byCondition = new Map<string, { when: Condition; ids: string[] }>();
  for (const item of switched) {
    if (!withinNodes(item.when, MAX_NODES) || !comparable(item.when)) continue;
    const key = JSON.stringify(item.when);
    const group = byCondition.get(key) ?? { when: item.when, ids: [] };
    group.ids.push(item.id);
    byCondition.set(key, group);
    if (byCondition.size > MAX_DISTINCT) return either;
  }
  const groups = [...byCondition.values()];
  for (const [i, a] of groups.entries()) {
    for (const b of groups.slice(i + 1)) {
      if (!oneAlwaysHolds(a.when, b.when)) continue;
      for (const id of a.ids) either.set(id, [...(either.get(id) ?? []), ...b.ids]);
      for (const id of b.ids) either.set(id, [...(either.get(id) ?? []), ...a.ids]);
    }
  }
  return either;
}

/** Whether no owner both may be of holds with both conditions. */
function neverOfOneOwner(a: Switched, b: Switched): boolean {
  const anyone = [{ when: TRUE, name: undefined }];
  for (const x of a.owners ?? anyone) {
    for (const y of b.owners ?? anyone) {
      if (x.name !== undefined && y.name !== undefined && x.name !== y.name) continue;
      if (!excludeEachOther(and(a.when, x.when), and(b.when, y.when))) return false;
    }
  }
  return true;
}

/**
 * Whether a condition has `limit` nodes at most, counted as a tree: conditions that name others
 * (`Fn::And [!Condition A, !Condition A]`, each `A` the same) share them, so a short template may
 * build one whose tree is exponentially large. Stops counting past the limit.
 */
function withinNodes(condition: Condition, limit: number): boolean {
  let left = limit;
  const visit = (c: Condition): boolean => {
    if (--left < 0) return false;
    if (c.kind === 'not') return visit(c.operand);
    if (c.kind === 'and' || c.kind === 'or') return c.operands.every(visit);
    return true;
  };
  return visit(condition);
}

/** The nodes of a condition known to be within `MAX_NODES`. */
function nodeCount(condition: Condition): number {
  if (condition.kind === 'not') return 1 + nodeCount(condition.operand);
  if (condition.kind === 'and' || condition.kind === 'or') return condition.operands.reduce((n, c) => n + nodeCount(c), 1);
  return 1;
}

export type Atom = Extract<Condition, { kind: 'atom' | 'is' | 'compare' }>;

/** The literals a subject is compared with, and the values it may take where that is known. */
interface Subject {
  readonly values: Set<string>;
  oneOf: Set<string> | undefined;
}

/**
 * The values to try for a subject: each of its literals, and (undefined) one value that is none of them;
 * where the values it may take are known, only the literals among them, and a value that is none of the
 * literals only where one of them is.
 */
function choices(subject: Subject): (string | undefined)[] {
  const { values, oneOf } = subject;
  if (oneOf === undefined) return [...values, undefined];
  const kept = [...values].filter((v) => oneOf.has(v));
  return [...oneOf].some((v) => !values.has(v)) ? [...kept, undefined] : kept;
}

/** Whether every atom of a condition passes `test` (a constant has none). */
export function everyAtom(condition: Condition, test: (atom: Atom) => boolean): boolean {
  switch (condition.kind) {
    case 'constant':
      return true;
    case 'not':
      return everyAtom(condition.operand, test);
    case 'and':
    case 'or':
      return condition.operands.every((c) => everyAtom(c, test));
    default:
      return test(condition);
  }
}

function collectAtoms(
  condition: Condition,
  free: Set<string>,
  subjects: Map<string, Subject>,
  compared: Map<string, { values: Set<number>; natural: boolean }>,
): void {
  if (condition.kind === 'atom') free.add(condition.key);
  else if (condition.kind === 'is') {
    const subject = subjects.get(condition.subject) ?? { values: new Set<string>(), oneOf: undefined };
    subject.values.add(condition.value);
    // Each list of values it may take is a fact about the subject: it takes one of those in all of them.
    if (condition.oneOf !== undefined) {
      const allowed = new Set(condition.oneOf);
      subject.oneOf = subject.oneOf === undefined ? allowed : new Set([...subject.oneOf].filter((v) => allowed.has(v)));
    }
    subjects.set(condition.subject, subject);
  } else if (condition.kind === 'compare') {
    const seen = compared.get(condition.subject);
    // A subject said to be a whole number in one place and not in another is any number.
    compared.set(condition.subject, {
      values: (seen?.values ?? new Set()).add(condition.value),
      natural: (seen?.natural ?? true) && condition.natural,
    });
  } else if (condition.kind === 'not') collectAtoms(condition.operand, free, subjects, compared);
  else if (condition.kind === 'and' || condition.kind === 'or') for (const operand of condition.operands) collectAtoms(operand, free, subjects, compared);
}

function holds(condition: Condition, value: (atom: Atom) => boolean): boolean {
  switch (condition.kind) {
    case 'atom':
    case 'is':
    case 'compare':
      return value(condition);
    case 'constant':
      return condition.value;
    case 'not':
      return !holds(condition.operand, value);
    case 'and':
      return condition.operands.every((c) => holds(c, value));
    case 'or':
      return condition.operands.some((c) => holds(c, value));
  }
}
