/**
 * The candidate closest to a mistyped name (`--fromat`, `root-user-acess-key`), for a "did you mean"
 * hint: the one with the fewest single-character edits (insertions, deletions, substitutions,
 * transpositions), when that is small next to the input's length. Ties go to the earlier candidate.
 *
 * Names come from files a pull request writes (a configuration's keys, a template's words, Terraform
 * variable names), so the work is bounded (docs/security.md, "What credlint bounds"): a name longer than
 * `MAX_HINT_LENGTH` is no typo of a short one and gets no hint, a candidate whose length alone puts it
 * too far is skipped without comparing, a comparison keeps three rows, not a table of both lengths, and
 * one search compares at most `MAX_COMPARED_CELLS` characters by characters in all (a template holds up
 * to a million distinct words, each a candidate): past that it keeps the closest found so far.
 */
const MAX_HINT_LENGTH = 128;
const MAX_COMPARED_CELLS = 1_000_000;

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > MAX_HINT_LENGTH) return undefined;
  const allowed = Math.max(1, Math.floor(input.length / 3));
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = allowed + 1;
  let cells = 0;
  for (const candidate of candidates) {
    // Every edit changes the length by at most one.
    if (Math.abs(candidate.length - input.length) >= bestDistance) continue;
    cells += (input.length + 1) * (candidate.length + 1);
    if (cells > MAX_COMPARED_CELLS) break;
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1);
      row.push(distance);
    }
    beforePrevious = previous;
    previous = row;
  }
  return previous[b.length] ?? 0;
}
