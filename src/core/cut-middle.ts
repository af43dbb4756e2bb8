/**
 * A text cut in its middle to `head` + `tail` characters around a note of how much was cut
 * (`…(N characters cut)…`), when it is more than 50 characters longer than that: its start says what
 * it is about, its end often what went wrong. Never between the two halves of a surrogate pair (a lone
 * half would be shown as an escape).
 */
export function cutMiddle(value: string, head: number, tail: number): string {
  if (value.length <= head + tail + 50) return value;
  const headEnd = isHighSurrogate(value.charCodeAt(head - 1)) ? head - 1 : head;
  const tailStart = isHighSurrogate(value.charCodeAt(value.length - tail - 1)) ? value.length - tail - 1 : value.length - tail;
  return `${value.slice(0, headEnd)}…(${tailStart - headEnd} characters cut)…${value.slice(tailStart)}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
