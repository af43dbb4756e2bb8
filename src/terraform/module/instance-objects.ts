/**
 * The objects a module instance's scope hands out: memoised values (a reference cycle, which Terraform
 * rejects, is an error instead of endless recursion), objects whose attributes are computed on first
 * read, and resource instance objects, whose unknown attributes remember the instance for linking.
 */
import { markLazy } from '../expr/eval-budget.js';
import { EvaluationError, Unknown, isUnknown, type TfObject, type TfValue } from '../expr/value.js';

const PENDING = Symbol('pending');

/**
 * Memoises computations by key; a key requested while it is being computed is a cycle. It also keeps
 * what a computation was told of with `note` (a module call read by index, `module-instance.ts`), and
 * tells it again to whoever reads the memoised value, so `track` sees it however the value was reached.
 */
export class Memo {
  private readonly values = new Map<string, TfValue | typeof PENDING>();
  private readonly notes = new Map<string, ReadonlySet<string>>();
  /**
   * What each computation under way (innermost last) has been told of; most are told of nothing.
   * Shared by the memos of one run (`RunContext.notes`), so that a computation is told of what it
   * read through another module instance (an input, an output).
   */
  private readonly active: (Set<string> | undefined)[];

  constructor(active: (Set<string> | undefined)[] = []) {
    this.active = active;
  }

  get(key: string, compute: () => TfValue): TfValue {
    const cached = this.values.get(key);
    if (cached === PENDING) return new EvaluationError(`${key} refers to itself`);
    if (cached !== undefined) {
      this.noteAll(this.notes.get(key));
      return cached;
    }
    this.values.set(key, PENDING);
    const { value, noted } = this.track(() => {
      try {
        return compute();
      } catch (error) {
        return new EvaluationError(`${key} cannot be evaluated: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    this.values.set(key, value);
    if (noted.size > 0) this.notes.set(key, noted);
    return value;
  }

  /** Tells the computations under way of `what`. */
  note(what: string): void {
    const top = this.active.length - 1;
    if (top >= 0) (this.active[top] ??= new Set()).add(what);
  }

  /** Runs `compute`, and gives what it (or a memoised value it read) was told of; the caller is told too. */
  track<T>(compute: () => T): { readonly value: T; readonly noted: ReadonlySet<string> } {
    const depth = this.active.push(undefined);
    let value: T;
    let noted: ReadonlySet<string> = NOTHING_NOTED;
    try {
      value = compute();
    } finally {
      noted = this.active[depth - 1] ?? NOTHING_NOTED;
      this.active.pop();
      this.noteAll(noted);
    }
    return { value, noted };
  }

  private noteAll(noted: ReadonlySet<string> | undefined): void {
    if (noted !== undefined) for (const what of noted) this.note(what);
  }
}

const NOTHING_NOTED: ReadonlySet<string> = new Set();

/** An object whose attributes are computed on first read (Terraform evaluates only what is referenced). */
export function lazyObject(attributes: ReadonlyMap<string, () => TfValue>, memo: Memo, prefix: string): TfObject {
  const object: Record<string, TfValue> = {};
  for (const [name, compute] of attributes) {
    Object.defineProperty(object, name, { enumerable: true, get: () => memo.get(`${prefix}.${name}`, compute) });
  }
  // Measuring it for the value budget must not evaluate it; each attribute is charged when computed.
  markLazy(object);
  return object;
}

/**
 * A resource instance object: the attributes it has are listed (so `keys()` or a `for` over it see
 * what the configuration wrote), and any other attribute name is one the provider computes on apply
 * (`secret`, `create_date`, ...), unknown and linked to the instance. Terraform knows each provider's
 * schema; credlint does not, so it never calls an attribute missing. `link` is the address linking
 * follows (`attachAddress`), if any.
 */
export function resourceObject(object: TfObject, address: string, link: string | undefined): TfObject {
  const computed = (name: string) => new Unknown(`${address}.${name} is known only after apply`, link);
  const proxy = new Proxy(object, {
    get: (target, name, receiver): unknown => (typeof name !== 'string' || Object.hasOwn(target, name) ? Reflect.get(target, name, receiver) : computed(name)),
    has: (target, name) => typeof name === 'string' || Reflect.has(target, name),
    getOwnPropertyDescriptor: (target, name) =>
      typeof name !== 'string' || Object.hasOwn(target, name)
        ? Reflect.getOwnPropertyDescriptor(target, name)
        : { value: computed(name), writable: false, enumerable: false, configurable: true },
  });
  markLazy(proxy);
  return proxy;
}

/**
 * An unknown attribute of a resource instance remembers the instance, so linking can follow it: a key
 * whose `user = aws_iam_user.x.name` belongs to `aws_iam_user.x` whatever its name turns out to be.
 * A failed evaluation stays a failure (for `try`/`can`) but remembers the instance too. An unknown
 * that already remembers another instance keeps it (a key's `user` is its user's name), unless
 * `own`: an IAM user's name is that user's, even where it is made of another resource's attribute
 * (`name = "s3-user-${random_id.x.hex}"`).
 */
export function attachAddress(value: TfValue, address: string, own = false): TfValue {
  if (!isUnknown(value) || (value.resourceAddress !== undefined && !own) || value.resourceAddress === address) return value;
  return value instanceof EvaluationError ? new EvaluationError(value.reason, address) : new Unknown(value.reason, address, value.known);
}
