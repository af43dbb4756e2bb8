import type { Diagnostic } from '../core/diagnostic.js';
import type { Limits } from '../core/limits.js';
import { limitReached } from '../core/limits.js';
import type { SourceLocation } from '../core/location.js';
import type { RawFinding } from '../suppress/apply-suppressions.js';
import type { CheckedUnit } from './check-unit.js';

/** A checked unit's place in the report: units are reported in id order, then arrival order. */
interface Kept {
  readonly id: string;
  readonly order: number;
  /** The unit's findings, shortened in place when later units take the budget. */
  readonly raw: RawFinding[];
}

function compare(a: Kept, b: Kept): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.order - b.order;
}

/**
 * The scan's `findings` budget. Rule findings are kept until the report is written (it is sorted), and
 * each costs some two kilobytes: 240 Terraform directories of three `count = 10000` blocks (36 KB of
 * input) made 2.4 million findings, gigabytes of memory and of report. At most `limits.findings` are
 * kept, those of the first units in the order the report lists them, whatever order the loaders give
 * them in: units arrive as loading finishes, so a later unit listed earlier takes findings back from the
 * last units kept (a max-heap of the units holding findings). The rest are counted, and one `parse-error`
 * at the first finding left out says how many.
 */
export class FindingsBudget {
  private readonly heap: Kept[] = [];
  private seen = 0;
  private kept = 0;
  /** The units (by `CheckedUnit.order`) that lost findings, some or all. */
  private readonly shortened = new Set<number>();
  /** The first unit that lost findings, and where its first lost finding is. */
  private cut: { readonly unit: Kept; readonly location: SourceLocation } | undefined;

  constructor(private readonly limits: Limits) {}

  /** `unit` with its findings in the budget: what is left out now or later is taken from its `raw`. */
  admit(unit: CheckedUnit): CheckedUnit {
    const kept: Kept = { id: unit.id, order: unit.order, raw: [...unit.raw] };
    this.seen += kept.raw.length;
    if (kept.raw.length === 0) return { ...unit, raw: kept.raw };
    if (this.cut !== undefined && compare(kept, this.cut.unit) > 0) {
      kept.raw.length = 0;
      this.shortened.add(kept.order);
      return { ...unit, raw: kept.raw };
    }
    this.push(kept);
    this.kept += kept.raw.length;
    while (this.kept > this.limits.findings) this.trimLast();
    return { ...unit, raw: kept.raw };
  }

  /**
   * Whether the unit checked `order`-th lost findings to the budget: which of its suppressions would
   * have matched one is then unknown, so none of them is judged unused.
   */
  lostFindings(order: number): boolean {
    return this.shortened.has(order);
  }

  /** The `parse-error` for the findings left out, if any. */
  diagnostic(): Diagnostic | undefined {
    if (this.cut === undefined) return undefined;
    const left = this.seen - this.kept;
    return limitReached(
      this.cut.location,
      'findings',
      this.limits,
      `${String(left)} findings were not listed, this one first (credlint keeps the first findings of a scan, its deployment units taken in the order of the report)`,
    );
  }

  /** Takes findings from the end of the last unit that holds any until the budget holds. */
  private trimLast(): void {
    const last = this.heap[0] as Kept;
    const excess = this.kept - this.limits.findings;
    const keep = Math.max(0, last.raw.length - excess);
    this.cut = { unit: last, location: (last.raw[keep] as RawFinding).finding.location };
    this.kept -= last.raw.length - keep;
    last.raw.length = keep;
    this.shortened.add(last.order);
    if (keep === 0) this.pop();
  }

  private push(entry: Kept): void {
    const heap = this.heap;
    heap.push(entry);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (compare(heap[parent] as Kept, entry) >= 0) break;
      heap[at] = heap[parent] as Kept;
      at = parent;
    }
    heap[at] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop() as Kept;
    if (heap.length === 0) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const larger = right < heap.length && compare(heap[right] as Kept, heap[left] as Kept) > 0 ? right : left;
      if (compare(heap[larger] as Kept, last) <= 0) break;
      heap[at] = heap[larger] as Kept;
      at = larger;
    }
    heap[at] = last;
  }
}
