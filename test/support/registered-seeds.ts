/** Each format's seed words for the registered rules, as the engine derives them (`src/formats/relevance.ts`). */
import { rules } from '../../rules/index.js';
import type { InputFormat } from '../../src/formats/format.js';
import { reportedKinds, seedWords } from '../../src/formats/relevance.js';

export function registeredSeeds(format: Pick<InputFormat, 'relevance'>): readonly string[] {
  return seedWords(format, reportedKinds(rules));
}
