/**
 * `target.push(...items)` passes every item as an argument, on the stack: past about 100,000 items
 * (a template of 200,000 duplicate keys, a file of 200,000 imports or header comments) it throws
 * `RangeError: Maximum call stack size exceeded`, and the file or the whole unit it belonged to
 * failed with an internal error. Whatever a scanned file can make long is appended one by one.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
