/**
 * The flow collections of the YAML subset credlint reads itself (`yaml-subset.ts`): `[…]` and `{…}`
 * written on one line, with plain, quoted and tagged values inside.
 */
import type { TemplateNode } from './template-node.js';
import { OUTSIDE_SUBSET, plainValue } from './yaml-subset-scalars.js';
import { Entries, FLOW_INDICATOR, type Key, longFormNode, MAX_KEY, MAX_SUBSET_DEPTH, SPACE, SubsetText } from './yaml-subset-text.js';
import { trailingRunStart } from '../core/trailing-run.js';

/** A node inside a flow collection, and the offset just past it. */
export interface InFlow {
  readonly node: TemplateNode;
  readonly end: number;
}

export class FlowReader extends SubsetText {
  /** A flow sequence or mapping that closes on its line, starting at `offset`. */
  protected flow(offset: number, end: number, depth: number): InFlow {
    if (depth > MAX_SUBSET_DEPTH) throw OUTSIDE_SUBSET;
    const isSeq = this.text[offset] === '[';
    const close = isSeq ? ']' : '}';
    const items: TemplateNode[] = [];
    const entries = new Entries(this);
    let at = this.skipSpaces(offset + 1, end);
    if (this.text[at] !== close) {
      for (;;) {
        if (isSeq) {
          const item = this.flowPair(at, end, depth) ?? this.flowValue(at, end, depth);
          items.push(item.node);
          at = this.skipSpaces(item.end, end);
        } else {
          const key = this.flowKey(at, end);
          const keyRange = entries.key(key);
          const value = this.flowValue(this.skipSpaces(key.after, end), end, depth);
          entries.add(key.value, keyRange, value.node);
          at = this.skipSpaces(value.end, end);
        }
        if (this.text[at] === close) break;
        if (this.text[at] !== ',') throw OUTSIDE_SUBSET;
        at = this.skipSpaces(at + 1, end);
        if (this.text[at] === close) throw OUTSIDE_SUBSET;
      }
    }
    const range = this.range(offset, at + 1);
    const node: TemplateNode = isSeq ? { kind: 'seq', items, range } : { kind: 'map', entries: entries.list, range };
    return { node, end: at + 1 };
  }
  /**
   * A flow sequence's entry written as a key and its value (`[C, "Fn::GetAtt": [R, Arn]]`): a mapping
   * of that one pair, from the key to the value (https://yaml.org/spec/1.2.2/#rule-ns-flow-pair);
   * undefined when the entry is no key.
   */
  private flowPair(offset: number, end: number, depth: number): InFlow | undefined {
    const first = this.text[offset] ?? '';
    if (first === '[' || first === '{' || first === '!') return undefined;
    const keyEnd = first === '"' || first === "'" ? this.quoted(offset, end).end : this.flowPlain(offset, end).end;
    if (this.text[this.skipSpaces(keyEnd, end)] !== ':') return undefined;
    const key = this.flowKey(offset, end);
    // The yaml package refuses an implicit key longer than this, quoted or not.
    if (key.end - key.start > MAX_KEY) throw OUTSIDE_SUBSET;
    const entries = new Entries(this);
    const keyRange = entries.key(key);
    const value = this.flowValue(this.skipSpaces(key.after, end), end, depth);
    entries.add(key.value, keyRange, value.node);
    return { node: { kind: 'map', entries: entries.list, range: this.range(offset, value.end) }, end: value.end };
  }
  /** A flow mapping's key and its `:` (after a quoted key the value may follow at once, as in JSON). */
  protected flowKey(offset: number, end: number): Key {
    const first = this.text[offset];
    if (first === '"' || first === "'") {
      const quoted = this.quoted(offset, end);
      const colon = this.skipSpaces(quoted.end, end);
      if (this.text[colon] !== ':') throw OUTSIDE_SUBSET;
      return { value: quoted.value, start: offset, end: quoted.end, after: colon + 1 };
    }
    const plain = this.flowPlain(offset, end);
    const colon = this.skipSpaces(plain.end, end);
    if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ') throw OUTSIDE_SUBSET;
    const raw = this.text.slice(offset, plain.end);
    if (raw === '<<' || plain.end - offset > MAX_KEY) throw OUTSIDE_SUBSET;
    return { value: String(plainValue(raw)), start: offset, end: plain.end, after: colon + 1 };
  }
  /** A value inside a flow collection. */
  protected flowValue(offset: number, end: number, depth: number, tagged = false): InFlow {
    const first = this.text[offset] ?? '';
    if (first === '[' || first === '{') return this.flow(offset, end, depth + 1);
    if (first === '"' || first === "'") {
      const quoted = this.quoted(offset, end);
      if (this.text[this.skipSpaces(quoted.end, end)] === ':') throw OUTSIDE_SUBSET;
      return { node: { kind: 'scalar', value: quoted.value, range: this.range(offset, quoted.end) }, end: quoted.end };
    }
    if (first === '!') {
      const { longForm, valueAt } = this.tag(offset, end);
      // In a flow collection a tag always tags a value after it on its line.
      if (valueAt === end) throw OUTSIDE_SUBSET;
      const tagged = this.flowValue(valueAt, end, depth, true);
      return { node: longFormNode(longForm, tagged.node), end: tagged.end };
    }
    const plain = this.flowPlain(offset, end);
    if (this.text[this.skipSpaces(plain.end, end)] === ':') throw OUTSIDE_SUBSET;
    const raw = this.text.slice(offset, plain.end);
    return { node: { kind: 'scalar', value: tagged ? raw : plainValue(raw), range: this.range(offset, plain.end) }, end: plain.end };
  }
  /** A plain scalar inside a flow collection: up to a flow indicator, a `: `, a comment or the line's end. */
  protected flowPlain(offset: number, end: number): { end: number } {
    if (!this.plainStarts(offset, end, true)) throw OUTSIDE_SUBSET;
    let at = offset;
    while (at < end) {
      const c = this.text[at] ?? '';
      if (FLOW_INDICATOR.has(c)) break;
      if (c === ':') {
        const next = this.text[at + 1] ?? '';
        if (at + 1 === end || next === ' ' || FLOW_INDICATOR.has(next)) break;
      }
      if (c === '#' && this.text[at - 1] === ' ') throw OUTSIDE_SUBSET;
      at += 1;
    }
    if (at === end) throw OUTSIDE_SUBSET;
    const trimmed = trailingRunStart(this.text, SPACE, offset, at);
    if (trimmed === offset) throw OUTSIDE_SUBSET;
    return { end: trimmed };
  }
}
