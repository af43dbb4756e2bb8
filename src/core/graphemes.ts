/**
 * Grapheme clusters (user-perceived characters, UAX #29), as Terraform's string functions count them
 * and as a terminal draws them, in time linear in the text's length.
 *
 * Node's `Intl.Segmenter` takes time quadratic in the length of the text it segments (Node 20:
 * 120,000 characters, 14 seconds; a megabyte, hours), so one large string in a pull request
 * (`length(local.big)`) would hang a scan. The text is segmented in windows of `WINDOW` code units
 * instead: every cluster of a window but its last is final, because a boundary is decided by the
 * text before it back to the previous boundary and by the character after it (UAX #29's rules all
 * read so), both inside the window, which never ends inside a surrogate pair; the last may continue past the window, so the next window starts where it starts. A
 * window holding a single cluster (a character followed by thousands of combining marks) is
 * widened until the cluster ends inside it.
 */

const WINDOW = 1024;

let segmenter: Intl.Segmenter | undefined;

/** ASCII without a carriage return (which joins a following line feed) is one cluster per character. */
const ONE_UNIT_CLUSTERS = /^[\x00-\x0c\x0e-\x7f]*$/;

export function graphemeClusters(text: string): string[] {
  if (ONE_UNIT_CLUSTERS.test(text)) return Array.from(text);
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const clusters: string[] = [];
  let start = 0;
  let size = WINDOW;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    // Never between the two halves of a surrogate pair: the character after a boundary must be whole.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    const found = Array.from(segmenter.segment(text.slice(start, end)), (segment) => segment.segment);
    const last = end === text.length ? undefined : found.pop();
    if (last !== undefined && found.length === 0) {
      size *= 2;
      continue;
    }
    for (const cluster of found) clusters.push(cluster);
    if (last === undefined) break;
    start = end - last.length;
    size = WINDOW;
  }
  return clusters;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
