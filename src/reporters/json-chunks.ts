/**
 * `serializeJson(document)` of a document with one large array, written piece by piece:
 * the document without the array is serialized once, and each element of the array separately, so a
 * report of any number of findings never needs one string (or one heap) holding all of it (V8's
 * strings stop at about 2^29 characters). The text is exactly what `serializeJson` gives: an
 * element nested at some depth is its own serialization with every line after the first indented
 * to that depth (JSON strings never hold a raw line break).
 */

/**
 * `JSON.stringify(value, null, 2)`, with every `##[` written `#\u0023[`. The GitHub Actions runner
 * runs a legacy workflow command (`##[error]…`, `##[add-mask]…`) found anywhere in a line of the job's
 * log (actions/runner `ActionCommand.TryParse`), and a report printed to standard output is in that
 * log: a user name or suppression reason from the pull request holding one was such a command. `#`
 * occurs in JSON only inside strings, where the escape is the same character to any parser, so the
 * document's values are unchanged.
 */
export function serializeJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.includes('##[') ? text.replaceAll('##[', '#\\u0023[') : text;
}

/** Stands for the streamed array in the skeleton; never in a serialized value (it has a NUL). */
const PLACEHOLDER = '\u0000credlint-streamed-array\u0000';
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);

/** The placeholder to put in the skeleton where the streamed array goes; typed as an array so the skeleton type-checks. */
export function streamedArrayPlaceholder(): never[] {
  return PLACEHOLDER as unknown as never[];
}

/** Pieces of the pretty-printed document, `items` in place of the placeholder. */
export function* jsonChunks<T>(skeleton: unknown, items: Iterable<T>, serialize: (item: T) => unknown = (item) => item): Generator<string> {
  const text = serializeJson(skeleton);
  const at = text.indexOf(PLACEHOLDER_JSON);
  if (at < 0) throw new Error('json-chunks: the skeleton has no streamed array');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const keyIndent = /^ */.exec(text.slice(lineStart, at))?.[0] ?? '';
  const itemIndent = `${keyIndent}  `;
  yield text.slice(0, at);
  let count = 0;
  for (const item of items) {
    const json = serializeJson(serialize(item)).replaceAll('\n', `\n${itemIndent}`);
    yield `${count === 0 ? '[\n' : ',\n'}${itemIndent}${json}`;
    count += 1;
  }
  yield count === 0 ? '[]' : `\n${keyIndent}]`;
  yield `${text.slice(at + PLACEHOLDER_JSON.length)}\n`;
}
