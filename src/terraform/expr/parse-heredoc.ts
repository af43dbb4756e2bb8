/**
 * `<<EOT` / `<<-EOT` heredocs: the lines up to one holding only the marker; `<<-` removes the smallest
 * common indentation (https://developer.hashicorp.com/terraform/language/expressions/strings#heredoc-strings).
 */
import type { SourceCursor } from './source-cursor.js';

/** Reads a heredoc starting at `<<` and returns its body text (each line ending in a newline). */
export function readHeredocBody(cursor: SourceCursor): string {
  const offset = cursor.pos;
  cursor.pos += 2;
  const indented = cursor.eat('-');
  const marker = cursor.readIdentifier() ?? cursor.fail('expected a heredoc marker after "<<"');
  const lineEnd = cursor.source.indexOf('\n', cursor.pos);
  if (lineEnd < 0 || cursor.source.slice(cursor.pos, lineEnd).trim() !== '') cursor.fail('expected a newline after the heredoc marker');
  const lines: string[] = [];
  let position = lineEnd + 1;
  for (;;) {
    if (position > cursor.source.length) cursor.fail(`heredoc without its closing marker ${marker}`, offset);
    const end = cursor.source.indexOf('\n', position);
    const line = cursor.source.slice(position, end < 0 ? cursor.source.length : end).replace(/\r$/, '');
    position = end < 0 ? cursor.source.length + 1 : end + 1;
    if (line.trim() === marker) break;
    lines.push(line);
  }
  cursor.pos = Math.min(position - 1, cursor.source.length);
  let body = lines;
  if (indented) {
    const widths = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
    const strip = widths.length === 0 ? 0 : widths.reduce((a, b) => Math.min(a, b));
    body = lines.map((line) => line.slice(strip));
  }
  return body.map((line) => `${line}\n`).join('');
}
