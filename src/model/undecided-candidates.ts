/**
 * The identities an undecided login profile or key may belong to (`mayBelongTo`) and the undecided
 * resources that may share its user (`mayShareUser`), found through indexes built once per list. A
 * `for_each` filtered by a condition unknown for each element gives one undecided resource per element
 * (thousands), and comparing each with every identity and every other resource was elements squared
 * (9,000 elements: 80 s with `--report-unknown`). Where the user's name is known, only resources and
 * identities of that name, or of a name not known, can match; the rest is still asked of the predicate.
 */
import { foldUserName } from '../core/user-name-case.js';
import { nameIdentity, type Undecided, type UserCredentials } from './link-credentials.js';
import { mayBelongTo, mayShareUser, nameHint, unknownIdentityName, unknownUserName } from './undecided-owners.js';

interface IdentityIndex {
  /** Positions in the list, ascending, by `identity` and by the name identity of `userName`. */
  readonly byIdentity: ReadonlyMap<string, readonly number[]>;
  /** By folded user name. */
  readonly byName: ReadonlyMap<string, readonly number[]>;
  /** Identities without a known user name. */
  readonly unnamed: readonly number[];
  /** Identities whose declared user's name is not known statically (`unknownUserName`). */
  readonly unknownNamed: readonly number[];
}

interface UndecidedIndex {
  /** Positions in the list, ascending, by the known name of the resource's user (`nameHint`). */
  readonly byName: ReadonlyMap<string, readonly number[]>;
  /** By `identity`. */
  readonly byIdentity: ReadonlyMap<string, readonly number[]>;
  /** Resources whose user's name is not known (known parts, or nothing). */
  readonly unnamed: readonly number[];
}

const identityIndexes = new WeakMap<readonly UserCredentials[], IdentityIndex>();
const undecidedIndexes = new WeakMap<readonly Undecided[], UndecidedIndex>();

function push(map: Map<string, number[]>, key: string, at: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [at]);
  else if (list[list.length - 1] !== at) list.push(at);
}

function identityIndex(identities: readonly UserCredentials[]): IdentityIndex {
  let index = identityIndexes.get(identities);
  if (index !== undefined) return index;
  const byIdentity = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  const unnamed: number[] = [];
  const unknownNamed: number[] = [];
  for (const [at, identity] of identities.entries()) {
    push(byIdentity, identity.identity, at);
    if (identity.userName === undefined) unnamed.push(at);
    else {
      push(byIdentity, nameIdentity(identity.userName), at);
      push(byName, foldUserName(identity.userName), at);
    }
    if (unknownUserName(identity) !== undefined) unknownNamed.push(at);
  }
  index = { byIdentity, byName, unnamed, unknownNamed };
  identityIndexes.set(identities, index);
  return index;
}

function undecidedIndex(undecided: readonly Undecided[]): UndecidedIndex {
  let index = undecidedIndexes.get(undecided);
  if (index !== undefined) return index;
  const byName = new Map<string, number[]>();
  const byIdentity = new Map<string, number[]>();
  const unnamed: number[] = [];
  for (const [at, item] of undecided.entries()) {
    const hint = nameHint(item);
    if (hint !== undefined && 'name' in hint) push(byName, hint.name, at);
    else unnamed.push(at);
    if (item.identity !== undefined) push(byIdentity, item.identity, at);
  }
  index = { byName, byIdentity, unnamed };
  undecidedIndexes.set(undecided, index);
  return index;
}

/** The positions of `lists` (each ascending) merged in ascending order, once each; lazily, as callers stop early. */
function* inOrder(lists: readonly (readonly number[])[]): Generator<number> {
  const next = lists.map(() => 0);
  for (;;) {
    let least: number | undefined;
    for (const [i, list] of lists.entries()) {
      const at = list[next[i] ?? 0];
      if (at !== undefined && (least === undefined || at < least)) least = at;
    }
    if (least === undefined) return;
    for (const [i, list] of lists.entries()) if (list[next[i] ?? 0] === least) next[i] = (next[i] ?? 0) + 1;
    yield least;
  }
}

/**
 * Positions of identities `mayBelongTo` can hold true for: of the item's identity or its name, or (a
 * name not declared) of a user whose name is not known; all where its own identity stands for an
 * unknown name. Without an identity, those of its user's known name or of no known name.
 */
function identityCandidates(item: Undecided, index: IdentityIndex): readonly (readonly number[])[] | undefined {
  const own = item.identity;
  if (own !== undefined) {
    if (!own.startsWith('name:')) return unknownIdentityName(item) === undefined ? [index.byIdentity.get(own) ?? []] : undefined;
    return [index.byIdentity.get(own) ?? [], item.nameDeclared === true ? [] : index.unknownNamed];
  }
  const hint = nameHint(item);
  return hint !== undefined && 'name' in hint ? [index.byName.get(hint.name) ?? [], index.unnamed] : undefined;
}

/** The identities `item` may belong to (`mayBelongTo`), in list order. */
export function* identitiesMayOwn(item: Undecided, identities: readonly UserCredentials[]): Generator<UserCredentials> {
  const lists = identityCandidates(item, identityIndex(identities));
  const positions = lists === undefined ? identities.keys() : inOrder(lists);
  for (const at of positions) {
    const identity = identities[at];
    if (identity !== undefined && mayBelongTo(item, identity)) yield identity;
  }
}

/**
 * The undecided resources that may be of `item`'s user (`mayShareUser`), and `item` itself, in list
 * order. Where its user's name is known, only those of that name or of no known name, and those of its
 * identity (a generated name is decided by identity alone).
 */
export function* undecidedMayShareUser(item: Undecided, undecided: readonly Undecided[]): Generator<Undecided> {
  const index = undecidedIndex(undecided);
  const hint = nameHint(item);
  const positions =
    hint !== undefined && 'name' in hint
      ? inOrder([index.byName.get(hint.name) ?? [], index.unnamed, item.identity === undefined ? [] : (index.byIdentity.get(item.identity) ?? [])])
      : undecided.keys();
  for (const at of positions) {
    const other = undecided[at];
    if (other !== undefined && (other === item || mayShareUser(item, other))) yield other;
  }
}
