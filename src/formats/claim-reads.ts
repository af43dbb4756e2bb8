/**
 * Reads shared by the formats' claims in one scan. Several formats look at the same data files (a
 * `.json` file may be a plan or a template): each file's bytes are read once, searched once for
 * every format's seed words, and decoded once, whichever format asks. The bytes of a file whose text
 * a claim will want (it holds a seed word, or the bytes cannot answer) are kept from that first read,
 * and those of a file a format claims are handed to its loader (`handOver`), so that a data file is
 * opened once per scan.
 */
import type { FileReader } from '../io/file-reader.js';
import type { ReadSourceResult } from '../io/read-source.js';
import { decodesAsText, utf16Text } from '../io/read-source.js';
import { ESCAPE_MARKERS } from '../core/seed-text.js';

export class ClaimReads {
  private readonly words: readonly { readonly word: string; readonly bytes: Buffer }[];
  private readonly markers: readonly Buffer[];
  private readonly found = new Map<string, ReadonlySet<string> | undefined>();
  private readonly sources = new Map<string, ReadSourceResult>();
  /** Copies of the bytes `wordsIn` read, for the file's text (`source`) and then its loader (`handOver`). */
  private readonly kept = new Map<string, Buffer>();
  /** Files whose words `wordsIn` found but that are not UTF-8 text (`decodesAsText`): UTF-16, invalid UTF-8. */
  private readonly undecodable = new Set<string>();

  /** `words`: the seed words of every format of the scan (ASCII). */
  constructor(
    readonly reader: FileReader,
    words: readonly string[],
  ) {
    this.words = [...new Set(words)].map((word) => ({ word, bytes: Buffer.from(word, 'latin1') }));
    this.markers = ESCAPE_MARKERS.map((marker) => Buffer.from(marker, 'utf8'));
  }

  /**
   * The seed words a file's raw bytes hold, or undefined when the bytes cannot answer for the text:
   * a read that fails (then `source` reports why), a NUL byte (binary, or UTF-16 without a byte
   * order mark), or an escape marker (a word may be spelled with escapes). UTF-16 text (byte order
   * mark first) is searched decoded. The words are ASCII, and in UTF-8 a byte below 0x80 is always
   * that ASCII character, also beside an invalid sequence: so the bytes of a file without escape
   * markers answer as its text would, valid UTF-8 or not. A file that is not UTF-8 text (UTF-16, or
   * an invalid sequence) is never ruled out by its words (`holdsNone`): its text is asked for, and its
   * claim decides whether the read error is reported, as it does without the prefilter. Most data
   * files of a repository end here, without the cost of decoding them to a string.
   */
  wordsIn(file: string): ReadonlySet<string> | undefined {
    if (this.found.has(file)) return this.found.get(file);
    const read = this.reader.readBytes(file);
    let words: Set<string> | undefined;
    if (read.ok) {
      const bytes = read.bytes;
      const utf16 = utf16Text(bytes);
      if (utf16 !== undefined) {
        // UTF-16 text holds NUL bytes but is text: its words are those of the decoded text.
        if (!ESCAPE_MARKERS.some((marker) => utf16.includes(marker)))
          words = new Set(this.words.filter(({ word }) => utf16.includes(word)).map(({ word }) => word));
      } else if (bytes.indexOf(0) === -1 && !this.markers.some((marker) => bytes.indexOf(marker) !== -1)) {
        words = new Set(this.words.filter(({ bytes: word }) => bytes.indexOf(word) !== -1).map(({ word }) => word));
      }
      if (words !== undefined && !decodesAsText(bytes)) this.undecodable.add(file);
      // Its text will be asked for (`holdsNone` cannot rule it out for every format): keep the bytes.
      if (words === undefined || words.size > 0 || this.undecodable.has(file)) this.kept.set(file, Buffer.from(bytes));
    }
    this.found.set(file, words);
    return words;
  }

  /**
   * Whether the bytes certainly hold none of `seeds` and the file is UTF-8 text (false when they cannot
   * answer, or when reading the text fails: read it, so that the claim reports the failure as it does
   * without the prefilter).
   */
  holdsNone(file: string, seeds: readonly string[]): boolean {
    const words = this.wordsIn(file);
    return words !== undefined && !this.undecodable.has(file) && !seeds.some((seed) => words.has(seed));
  }

  /** A file's text (`FileReader.readSource`), read once per scan: from the bytes `wordsIn` kept, when it read them. */
  source(file: string): ReadSourceResult {
    let read = this.sources.get(file);
    if (read === undefined) {
      const bytes = this.kept.get(file);
      // Through the reader all the same, so that the text counts as read by this scan (`displaySource`).
      if (bytes !== undefined) this.reader.retain(file, bytes);
      read = this.reader.readSource(file);
      this.sources.set(file, read);
    }
    return read;
  }

  /**
   * A format claimed the file: its loader's first read of it as text (`FileReader.readSource`) takes
   * the bytes read here instead of opening the file again (`FileReader.retain`). Only for a file the
   * loader reads at once, so that nothing is retained past the loading.
   */
  handOver(file: string): void {
    const bytes = this.kept.get(file);
    if (bytes === undefined) return;
    this.kept.delete(file);
    this.reader.retain(file, bytes);
  }
}
