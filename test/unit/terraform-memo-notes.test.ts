// What a memoised computation was told of (a module call read by index) reaches whoever reads the
// value, on the first read and on every read from the cache (module/instance-objects.ts, Memo).
import { describe, expect, it } from 'vitest';
import { Memo } from '../../src/terraform/module/instance-objects.js';

describe('Memo notes', () => {
  it('tells the reader of a memoised value what computing it was told of, also from the cache', () => {
    const memo = new Memo();
    const local = () =>
      memo.get('local.name', () => {
        memo.note('service');
        return 'svc';
      });
    expect(memo.track(local)).toEqual({ value: 'svc', noted: new Set(['service']) });
    expect(memo.track(local)).toEqual({ value: 'svc', noted: new Set(['service']) });
    // Through another memoised value that read it, computed later.
    expect(memo.track(() => memo.get('attribute', local)).noted).toEqual(new Set(['service']));
  });

  it('tells nothing to a computation that read nothing noted, nor outside any tracking', () => {
    const memo = new Memo();
    memo.note('ignored');
    expect(memo.track(() => memo.get('plain', () => 1)).noted).toEqual(new Set());
    expect(memo.track(() => 2).noted).toEqual(new Set());
  });
});
