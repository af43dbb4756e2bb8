/**
 * Checks of `--var` (and configuration `vars`) against the variables the scanned Terraform declares,
 * decided on the raw text of every candidate file before the prefilter, so that the answer is the
 * same with and without it (README, "Configuration"):
 *
 * - a name no scanned file declares: Terraform refuses a value for an undeclared root variable
 *   (https://developer.hashicorp.com/terraform/language/values/variables#variables-on-the-command-line),
 *   so it is probably mistyped — a warning (`undeclared-variable`) with the nearest declared name. A
 *   name declared in any scanned file (a child module's too) gets none: the check errs on silence.
 *   At most 20 names are listed (`undeclared-names.ts`).
 * - a value that does not convert to the declared `type`: `terraform plan` refuses it
 *   (https://developer.hashicorp.com/terraform/language/values/variables#type-constraints), so the
 *   scan is incomplete — a `parse-error` at the declaration (exit 2), never a silently unknown value.
 *   A sensitive variable's value is never quoted.
 */
import { boundedPlaceholder } from '../../core/rule-meta.js';
import { parseError, type Diagnostic } from '../../core/diagnostic.js';
import { UNDECLARED_VARIABLE } from '../../core/finding.js';
import { LineIndex } from '../../core/source-text.js';
import type { FileReader } from '../../io/file-reader.js';
import { isUnknown, markedIf } from '../../terraform/expr/value.js';
import { convertVariableValue } from '../../terraform/module/expr-api.js';
import { commandLineValue } from '../../terraform/module/root-variables.js';
import { undeclaredNameWarnings } from '../undeclared-names.js';

/** `variable "name" {` or `variable name {` at the start of a line, in HCL. */
const HCL_DECLARATION = /(?:^|\n)([ \t]*variable[ \t]+"?([A-Za-z_][\w-]*)"?)[ \t]*\{/g;
const JSON_KEY = /"([A-Za-z_][\w-]*)"\s*:/g;

interface Declaration {
  readonly file: string;
  readonly text: string;
  /** Offsets of the header (`variable "name"`) and of the block's opening brace. */
  readonly start: number;
  readonly end: number;
  readonly brace: number;
  /** Where the next declaration of the file starts (else the file's end): no body reaches past it. */
  readonly limit: number;
}

/**
 * The body of the block whose `{` is at `brace`, up to its matching `}` or `limit` (strings and
 * comments are not special: a rough cut). Without `limit`, a brace in each block's default
 * (`default = "{"`) made every body run to the end of the file: 20,000 such declarations, each given a
 * value by a committed configuration's `vars`, scanned 20,000 times 1.1 MB, past 30 s.
 */
function blockBody(text: string, brace: number, limit: number): string {
  let depth = 0;
  for (let at = brace; at < limit; at += 1) {
    const c = text[at];
    if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return text.slice(brace + 1, at);
  }
  return text.slice(brace + 1, limit);
}

/** The one-line `type = …` and `sensitive = true` of a variable block (a multi-line type is not checked). */
function declaredType(body: string): { type: string | undefined; sensitive: boolean } {
  const type = /(?:^|\n)[ \t]*type[ \t]*=[ \t]*([^\n#]*?)[ \t]*(?:#[^\n]*)?(?=\n|$)/.exec(body)?.[1];
  const balanced = type !== undefined && type.split('(').length === type.split(')').length;
  return { type: balanced && type !== '' ? type : undefined, sensitive: /(?:^|\n)[ \t]*sensitive[ \t]*=[ \t]*true\b/.test(body) };
}

export function checkCommandLineVariables(vars: readonly (readonly [string, string])[], files: readonly string[], reader: FileReader): Diagnostic[] {
  if (vars.length === 0) return [];
  const first = [...files].sort()[0];
  if (first === undefined) return [];
  const wanted = new Set(vars.map(([name]) => name));
  const declared = new Set<string>();
  const declarations = new Map<string, Declaration[]>();
  for (const file of files) {
    const read = reader.readSource(file);
    if (!read.ok) continue;
    if (file.endsWith('.json')) {
      // Any key of a file that declares variables: looser than the HCL match, never a false warning.
      if (read.text.includes('"variable"')) for (const match of read.text.matchAll(JSON_KEY)) declared.add(match[1] ?? '');
      continue;
    }
    const matches = [...read.text.matchAll(HCL_DECLARATION)];
    for (const [index, match] of matches.entries()) {
      const name = match[2] ?? '';
      declared.add(name);
      if (!wanted.has(name)) continue;
      const header = match[1] ?? '';
      const start = match.index + match[0].indexOf(header) + (header.length - header.trimStart().length);
      const end = match.index + match[0].indexOf(header) + header.length;
      const limit = matches[index + 1]?.index ?? read.text.length;
      const list = declarations.get(name) ?? [];
      list.push({ file, text: read.text, start, end, brace: match.index + match[0].length - 1, limit });
      declarations.set(name, list);
    }
  }
  const diagnostics = undeclaredNameWarnings({
    at: first,
    ruleId: UNDECLARED_VARIABLE,
    names: [...wanted].filter((name) => !declared.has(name)),
    candidates: [...declared].filter((name) => name !== ''),
    message: (shown, near) =>
      `--var ${shown}: no scanned Terraform file declares variable "${shown}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; Terraform would refuse the value (--var or the configuration's "vars")`,
    rest: (count) => `${count} more --var names that no scanned Terraform file declares are not listed (--var or the configuration's "vars")`,
  });
  // The last value given for a name is the one Terraform uses.
  const values = new Map(vars);
  // One per file, however many of its declarations get a value that does not convert.
  const lineIndexes = new Map<string, LineIndex>();
  for (const [name, raw] of values) {
    for (const declaration of declarations.get(name) ?? []) {
      const { type, sensitive } = declaredType(blockBody(declaration.text, declaration.brace, declaration.limit));
      if (type === undefined) continue;
      const value = commandLineValue(raw, type);
      const converted = isUnknown(value) ? value : convertVariableValue(markedIf(value, sensitive), type, `var.${name}`);
      if (!isUnknown(converted)) continue;
      const lines = lineIndexes.get(declaration.file) ?? new LineIndex(declaration.text);
      lineIndexes.set(declaration.file, lines);
      // A value that is not even read (a syntax error, a reference or a call in an HCL value) is told apart from one that does not convert.
      const unread = isUnknown(value);
      const reason = sensitive
        ? `the sensitive value ${unread ? 'is not a valid HCL value' : `does not convert to ${type}`}`
        : converted.reason.replace(/^var\.[^:]*: /, '');
      diagnostics.push(
        parseError(
          { file: declaration.file, range: lines.range(declaration.start, declaration.end) },
          unread
            ? `--var ${boundedPlaceholder(name)}: Terraform reads the value given as a constant HCL expression for the variable's type ${type} (${reason}); give a value of that type, strings quoted (--var or the configuration's "vars")`
            : `--var ${boundedPlaceholder(name)}: the value given does not convert to the variable's type ${type} (${reason}); give a value of that type (--var or the configuration's "vars")`,
        ),
      );
    }
  }
  return diagnostics;
}
