/**
 * `csvdecode` (https://developer.hashicorp.com/terraform/language/functions/csvdecode): the first row
 * names the attributes, every later row is an object of strings. Terraform reads the text with Go's
 * `encoding/csv` Reader at its defaults (go-cty, `cty/function/stdlib/csv.go`), whose rules this file
 * mirrors (https://pkg.go.dev/encoding/csv): fields separated by `,`; `\r\n` read as `\n`; empty lines
 * skipped; a quoted field may hold commas, line breaks and `""` for a quote; a quote inside an unquoted
 * field, or a quote in a quoted field that is neither doubled nor closing it, is an error; every row
 * has as many fields as the header. No space is trimmed and a byte order mark stays in the first name.
 */
import { reserveNodes } from '../eval-budget.js';
import type { TfValue } from '../value.js';
import { FunctionError, stringArg } from './function-support.js';

/** One line of input: its text without the line break, and its number (from 1). */
interface Line {
  readonly text: string;
  readonly number: number;
}

/** The lines of `text` as Go's Reader reads them: `\r\n` becomes `\n`, and a `\r` ending the input is dropped. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    let line = end < 0 ? text.slice(start) : text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lines.push({ text: line, number });
    number++;
    if (end < 0) break;
    start = end + 1;
  }
  return lines;
}

function parseError(line: number, reason: string): FunctionError {
  return new FunctionError(`CSV parse error on line ${String(line)}: ${reason}`);
}

/** The records of `text`, each with the line it starts on. */
function readRecords(text: string): { readonly fields: string[]; readonly line: number }[] {
  const lines = splitLines(text);
  const records: { fields: string[]; line: number }[] = [];
  // The value will hold a node per field and per row: checked against the evaluation's budget
  // (valueNodes) as the records are read, not once they all are (10 MB of `1,2` rows took 1.2 GB).
  let nodes = 0;
  let index = 0;
  while (index < lines.length) {
    const first = lines[index++] as Line;
    // Go skips a line that holds nothing but its line break.
    if (first.text === '') continue;
    const fields: string[] = [];
    let rest = first.text;
    let lineNumber = first.number;
    for (;;) {
      if (!rest.startsWith('"')) {
        const comma = rest.indexOf(',');
        const field = comma < 0 ? rest : rest.slice(0, comma);
        if (field.includes('"')) throw parseError(lineNumber, 'bare " in non-quoted-field');
        fields.push(field);
        if (comma < 0) break;
        rest = rest.slice(comma + 1);
        continue;
      }
      // A quoted field, which may continue on the next lines.
      rest = rest.slice(1);
      let field = '';
      for (;;) {
        const quote = rest.indexOf('"');
        if (quote < 0) {
          const next = lines[index];
          if (next === undefined) throw parseError(lineNumber, 'extraneous or missing " in quoted-field');
          field += `${rest}\n`;
          rest = next.text;
          lineNumber = next.number;
          index++;
          continue;
        }
        field += rest.slice(0, quote);
        rest = rest.slice(quote + 1);
        if (rest.startsWith('"')) {
          field += '"';
          rest = rest.slice(1);
          continue;
        }
        break;
      }
      fields.push(field);
      if (rest === '') break;
      if (!rest.startsWith(',')) throw parseError(lineNumber, 'extraneous or missing " in quoted-field');
      rest = rest.slice(1);
    }
    records.push({ fields, line: first.number });
    nodes += fields.length + 1;
    reserveNodes(nodes, 'a CSV document of more values than the budget allows');
  }
  return records;
}

export function csvdecode(args: readonly TfValue[]): TfValue {
  const [header, ...rows] = readRecords(stringArg(args, 0));
  if (header === undefined) throw new FunctionError('missing header line');
  const names = header.fields;
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new FunctionError(`duplicate column name ${JSON.stringify(name)}`);
    seen.add(name);
  }
  return rows.map(({ fields, line }) => {
    if (fields.length !== names.length) throw parseError(line, 'wrong number of fields');
    const row: Record<string, TfValue> = {};
    for (const [position, name] of names.entries()) row[name] = fields[position] as string;
    return row;
  });
}
