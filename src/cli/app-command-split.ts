/**
 * Where the shell ends the command `credlint cdk-app` wraps. The CDK CLI runs the `app` command of
 * `cdk.json` through a shell (the aws-cdk CLI spawns it with Node's `shell: true`), so a control operator after the
 * wrapped command ends it: `npx credlint cdk-app -- npx tsc && npx tsx bin/app.ts` (what prefixing the
 * `app` that `cdk init app --language typescript` writes gives) runs `npx tsc` under credlint and the
 * app after it, where credlint never sees the assembly it writes.
 *
 * This reads the `app` string as POSIX `sh` splits words and control operators
 * (https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html, "Token Recognition"):
 * quotes and backslashes protect what they quote; `&&`, `||`, `;`, `|`, `&` and a line break end a
 * command, except `&` of a redirection (`2>&1`, `&>file`, `>&2`).
 */

/** What the shell ran under credlint, and what it ran apart. */
export interface SplitAppCommand {
  /** The `app` text up to and including the `--` that starts the wrapped command. */
  readonly wrapper: string;
  /** The wrapped command as written, up to the operator. */
  readonly wrapped: string;
  /** The first word of the wrapped command, unquoted. */
  readonly wrappedProgram: string;
  /** The control operator that ends it. */
  readonly operator: string;
  /** Everything the shell runs apart, from the wrapped command on, as written. */
  readonly whole: string;
}

interface Token {
  readonly kind: 'word' | 'operator';
  /** The word with its quotes removed, or the operator. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n'] as const;

/** Words and control operators of `text`, or undefined where a quote is left open. */
function tokens(text: string): Token[] | undefined {
  const result: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line.
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    // `&` right after `>` or before `>` is part of a redirection, not a list operator.
    if (operator !== undefined && !(operator === '&' && (text[i - 1] === '>' || text[i + 1] === '>'))) {
      result.push({ kind: 'operator', value: operator, start: i, end: i + operator.length });
      i += operator.length;
      continue;
    }
    const start = i;
    let value = '';
    while (i < text.length) {
      const d = text.charAt(i);
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';' || d === '|') break;
      if (d === '&' && text[i - 1] !== '>' && text[i + 1] !== '>') break;
      if (d === '\\') {
        if (text.charAt(i + 1) !== '\n') value += text.charAt(i + 1);
        i += 2;
        continue;
      }
      if (d === "'") {
        const close = text.indexOf("'", i + 1);
        if (close === -1) return undefined;
        value += text.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      if (d === '"') {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') {
          if (text[j] === '\\' && j + 1 < text.length) {
            value += text.charAt(j + 1);
            j += 2;
          } else value += text.charAt(j++);
        }
        if (j >= text.length) return undefined;
        i = j + 1;
        continue;
      }
      value += d;
      i++;
    }
    result.push({ kind: 'word', value, start, end: i });
  }
  return result;
}

/**
 * The control operator that ends the command after `cdk-app ... --` in `app`, or undefined where
 * the wrapped command runs to the end of the string (or `app` does not call `cdk-app`).
 */
export function splitAppCommand(app: string): SplitAppCommand | undefined {
  const list = tokens(app);
  if (list === undefined) return undefined;
  const subcommand = list.findIndex((token) => token.kind === 'word' && token.value === 'cdk-app');
  if (subcommand === -1) return undefined;
  // The wrapped command starts after the first `--` of that simple command.
  const separatorAt = list.findIndex((token, index) => index > subcommand && (token.kind === 'operator' || token.value === '--'));
  const separator = list[separatorAt];
  const first = list[separatorAt + 1];
  if (separator?.kind !== 'word' || first?.kind !== 'word') return undefined;
  const operator = list.find((token, index) => index > separatorAt && token.kind === 'operator');
  if (operator === undefined) return undefined;
  const whole = app.slice(first.start).trimEnd();
  return {
    wrapper: app.slice(0, separator.end),
    wrapped: app.slice(first.start, operator.start).trimEnd(),
    wrappedProgram: first.value,
    operator: operator.value,
    whole,
  };
}
