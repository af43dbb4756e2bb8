/**
 * Where each character of a one-line quoted string comes from in its line: a stack set's
 * `TemplateBody` written as `"Resources:\n  Key: ..."` (YAML) or as a JSON template's string holds its
 * template on one line of the file, each character at a column of its own, escapes aside. With this
 * map a node of the parsed body is located at the column the file writes it, not just at the key.
 */
import { DOUBLE_QUOTED_ESCAPES, HEX_ESCAPE_LENGTH } from './yaml-subset-scalars.js';

/**
 * The one-character escapes of a YAML double-quoted scalar, as the subset reader decodes them, and
 * `\` before a tab, which YAML also reads as a tab (https://yaml.org/spec/1.2.2/#57-escaped-characters);
 * JSON's (RFC 8259 section 7) are a subset of them.
 */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { ...DOUBLE_QUOTED_ESCAPES, '\t': '\t' };

/**
 * For a string quoted on one line, starting with its quote at 1-based `column` of `line`: the
 * 1-based column of each UTF-16 unit of the decoded string, then one for its end (the closing quote).
 * Undefined unless the line holds a closed quoted string there whose decoding is exactly `value`
 * (a string continued on the next line folds its line breaks, and is not mapped).
 */
export function quotedStringColumns(line: string, column: number, value: string): number[] | undefined {
  const quote = line[column - 1];
  if (quote !== '"' && quote !== "'") return undefined;
  const columns: number[] = [];
  let decoded = '';
  let i = column;
  const emit = (text: string, at: number) => {
    decoded += text;
    for (let k = 0; k < text.length; k += 1) columns.push(at + 1);
  };
  while (i < line.length) {
    const c = line[i] ?? '';
    if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") {
        emit("'", i);
        i += 2;
        continue;
      }
      if (c === "'") break;
      emit(c, i);
      i += 1;
      continue;
    }
    if (c === '"') break;
    if (c !== '\\') {
      emit(c, i);
      i += 1;
      continue;
    }
    const kind = line[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[kind];
    const digits = HEX_ESCAPE_LENGTH[kind];
    if (simple !== undefined) {
      emit(simple, i);
      i += 2;
    } else if (digits !== undefined) {
      const hex = line.slice(i + 2, i + 2 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${String(digits)}}$`).test(hex)) return undefined;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      emit(String.fromCodePoint(code), i);
      i += 2 + digits;
    } else return undefined;
  }
  if (line[i] !== quote) return undefined;
  columns.push(i + 1);
  return decoded === value ? columns : undefined;
}
