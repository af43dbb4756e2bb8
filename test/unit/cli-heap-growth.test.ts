import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, heapGrowthObserver, LARGE_SCAN_FILES } from '../../src/cli/heap-growth.js';

/** The flags each call would hand to V8. */
function recorder(): { readonly set: string[]; readonly setFlags: (flags: string) => void } {
  const set: string[] = [];
  return { set, setFlags: (flags) => set.push(flags) };
}

const counts = (filesFound: number) => ({ filesFound, filesRead: 0, unitsAnalysed: 0 });

describe('the CLI bounds the heap growth of a large scan', () => {
  it('fixes the growing factor once the walk has found a large repository, once', () => {
    const { set, setFlags } = recorder();
    const observer = heapGrowthObserver([], setFlags);
    observer.progress?.(counts(LARGE_SCAN_FILES - 1));
    expect(set).toEqual([]);
    observer.progress?.(counts(LARGE_SCAN_FILES));
    observer.progress?.({ ...counts(LARGE_SCAN_FILES), filesRead: 10 });
    expect(set).toEqual(['--heap-growing-percent=100']);
  });

  it('leaves a small scan (pre-commit) as Node starts it', () => {
    const { set, setFlags } = recorder();
    const observer = heapGrowthObserver([], setFlags);
    for (const found of [1, 40, LARGE_SCAN_FILES - 1]) observer.progress?.(counts(found));
    expect(set).toEqual([]);
  });

  it('keeps a growing factor given to Node itself, in either spelling', () => {
    for (const given of ['--heap-growing-percent=30', '--heap_growing_percent=30', '--heap-growing-percent']) {
      const { set, setFlags } = recorder();
      boundHeapGrowth(['--max-old-space-size=512', given], setFlags);
      expect(set, given).toEqual([]);
    }
    const { set, setFlags } = recorder();
    boundHeapGrowth(['--max-old-space-size=512', '--heap-growing'], setFlags);
    expect(set).toEqual(['--heap-growing-percent=100']);
  });
});
