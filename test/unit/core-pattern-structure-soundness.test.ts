/**
 * The structure reader is sound: whatever it says of a pattern holds of every string RE2 matches with
 * it, as a whole or found anywhere. Patterns are generated from RE2's syntax (literals, classes,
 * POSIX classes, groups, alternations, repetitions, anchors, flags, escapes) and strings from a small
 * alphabet that includes a line break, so that matches are frequent and `^`/`$` under `(?m)` meet one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KnownParts } from '../../src/core/known-parts.js';
import { patternKnownParts, type PatternMatch } from '../../src/core/pattern-structure.js';
import { re2Library } from '../../src/core/re2-library.js';

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'b', 'r', 'o', 't', '-', 'R', '.', '\\.', '\\x61', '\\x{62}', '\\d', '\\w', '\\b', '\\Qo-\\E', '\\n'),
  fc.constantFrom('[ab]', '[^a]', '[a-c]', '[]a]', '[[:alpha:]]', '[[:^digit:]]', '[-t]', '[a\\-]'),
  fc.constantFrom('^', '$', '\\A', '\\z', '(?i)', '(?m)', '(?-m)', '(?i:r)', '(?m:^)', '(?m)^', '(?m)$'),
);

const structure: fc.Arbitrary<string> = fc.letrec<{ alternation: string; sequence: string; piece: string }>((tie) => ({
  alternation: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'group', withCrossShrink: true },
    tie('sequence'),
    fc.tuple(tie('sequence'), tie('sequence')).map(([a, b]) => `${a}|${b}`),
  ),
  sequence: fc.array(tie('piece'), { minLength: 0, maxLength: 4 }).map((pieces) => pieces.join('')),
  piece: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'group', withCrossShrink: true },
    atom,
    fc.tuple(atom, fc.constantFrom('*', '+', '?', '{2}', '{1,2}', '{0,}', '+?')).map(([a, q]) => (/^[\^$]|^\\[Azb]|^\(\?[im-]+\)$/.test(a) ? a : a + q)),
    fc
      .tuple(fc.constantFrom('(', '(?:', '(?P<n>'), tie('alternation'), fc.constantFrom(')', ')*', ')+', ')?'))
      .map(([open, inner, close]) => open + inner + close),
  ),
}))['alternation'];

/**
 * A structure, often under a flag for the whole pattern (`(?m)` makes `^` and `$` match at every
 * line) and between anchors, where what the reader tells of a find starts.
 */
const pattern = fc
  .tuple(fc.constantFrom('', '', '(?m)', '(?i)'), fc.constantFrom('', '^', '\\A', '^(?m)'), structure, fc.constantFrom('', '$', '\\z', '(?m)$'))
  .map(([flag, start, rest, end]) => flag + start + rest + end);

const text = fc.array(fc.constantFrom('a', 'b', 'r', 'o', 't', '-', 'R', 'T', '.', '1', '\n'), { maxLength: 8 }).map((chars) => chars.join(''));

/** Why `value` contradicts `parts`, or undefined when it agrees. */
function contradiction(parts: KnownParts | undefined, value: string): string | undefined {
  if (parts === undefined) return undefined;
  if (!value.startsWith(parts.prefix)) return `does not start with ${JSON.stringify(parts.prefix)}`;
  if (!value.endsWith(parts.suffix)) return `does not end with ${JSON.stringify(parts.suffix)}`;
  if (value.length < parts.minLength) return `is shorter than ${String(parts.minLength)}`;
  const missing = parts.infixes?.find((infix) => !value.includes(infix));
  if (missing !== undefined) return `does not hold ${JSON.stringify(missing)}`;
  if (parts.oneOf !== undefined && !parts.oneOf.includes(value)) return `is not one of ${JSON.stringify(parts.oneOf)}`;
  return undefined;
}

describe('what the structure reader says holds of every match', () => {
  it.each<PatternMatch>(['find', 'whole'])('as a %s', (match) => {
    const RE2JS = re2Library();
    let matched = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 12 }), (source, values) => {
        let compiled: InstanceType<typeof RE2JS> | undefined;
        try {
          compiled = RE2JS.compile(source);
        } catch {
          return; // Not a pattern RE2 accepts: Terraform and CloudFormation would refuse it.
        }
        const parts = patternKnownParts(source, match);
        for (const value of values) {
          const matches = match === 'find' ? compiled.matcher(value).find() : compiled.matches(value);
          if (!matches) continue;
          matched += 1;
          expect([source, value, contradiction(parts, value)]).toEqual([source, value, undefined]);
        }
      }),
      { numRuns: 3000, seed: 17 },
    );
    // The generator produces matches often enough for the property to mean something (a whole match is rarer).
    expect(matched).toBeGreaterThan(match === 'find' ? 2000 : 1000);
  });
});
