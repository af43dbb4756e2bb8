/**
 * A cheap lexical pass that finds how deeply an HCL (or JSON) text nests, without parsing it.
 *
 * hcl2json is Go compiled to WebAssembly and recursive: in our measurements, blocks nested 2,000
 * deep raise `RangeError: Maximum call stack size exceeded`, and 4,000–5,000 deep overflow the Go
 * stack, which kills its runtime for good (every later parse then hangs). Nothing written by hand
 * comes close — real Terraform rarely nests beyond 20 — so texts deeper than
 * `MAX_NESTING_DEPTH` are rejected before hcl2json sees them.
 *
 * Counted as one level each: `{`, `[`, `(`, and a template interpolation or directive (`${`, `%{`)
 * inside a quoted string or a heredoc, since its expression nests again. Comments (`#`, `//`,
 * `/* *\/`), string contents and heredoc bodies are skipped. Escapes `$${` and `%%{` are literal.
 * See https://developer.hashicorp.com/terraform/language/syntax/configuration and
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md (template and heredoc syntax).
 */

/** Ten times anything seen in real code, a quarter of the depth at which hcl2json first failed. */
export const MAX_NESTING_DEPTH = 500;

export interface DepthExceeded {
  /** 1-based line of the opening bracket that crossed the limit. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

type Frame = 'bracket' | 'interpolation' | 'string' | 'heredoc';

const HEREDOC = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

/**
 * Returns where the nesting first exceeds `limit` levels, or undefined when it never does.
 * Never throws; runs in linear time on any input.
 */
export function findExcessiveNesting(text: string, limit: number = MAX_NESTING_DEPTH): DepthExceeded | undefined {
  const stack: Frame[] = [];
  const heredocMarkers: string[] = [];
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;

  const open = (frame: Frame, at: number): DepthExceeded | undefined => {
    stack.push(frame);
    if (frame === 'bracket' || frame === 'interpolation') {
      depth += 1;
      if (depth > limit) return { line, column: at - lineStart + 1 };
    }
    return undefined;
  };
  const close = (): void => {
    const frame = stack.pop();
    if (frame === 'bracket' || frame === 'interpolation') depth -= 1;
    if (frame === 'heredoc') heredocMarkers.pop();
  };
  const newline = (at: number): void => {
    line += 1;
    lineStart = at + 1;
  };

  while (i < n) {
    const top = stack[stack.length - 1];
    const c = text.charCodeAt(i);

    if (top === 'string') {
      if (c === 0x5c /* \ */) {
        i += 2;
        continue;
      }
      if (c === 0x22 /* " */) {
        close();
      } else if (c === 0x0a) {
        // HCL quoted strings cannot span lines; ending the string here keeps an unterminated one
        // from hiding the rest of the file.
        close();
        newline(i);
      } else if ((c === 0x24 || c === 0x25) && text.charCodeAt(i + 1) === 0x7b) {
        if (text.charCodeAt(i - 1) === c) {
          i += 2; // `$${` / `%%{` are literal
          continue;
        }
        const hit = open('interpolation', i);
        if (hit) return hit;
        i += 2;
        continue;
      }
      i += 1;
      continue;
    }

    if (top === 'heredoc') {
      if (i === lineStart) {
        const end = text.indexOf('\n', i);
        const lineText = text.slice(i, end === -1 ? n : end).trim();
        if (lineText === heredocMarkers[heredocMarkers.length - 1]) {
          close();
          i = end === -1 ? n : end;
          continue;
        }
      }
      if (c === 0x0a) newline(i);
      else if ((c === 0x24 || c === 0x25) && text.charCodeAt(i + 1) === 0x7b) {
        if (text.charCodeAt(i - 1) !== c) {
          const hit = open('interpolation', i);
          if (hit) return hit;
          i += 2;
          continue;
        }
      }
      i += 1;
      continue;
    }

    // Code: top level, inside brackets, or inside an interpolation.
    switch (c) {
      case 0x0a:
        newline(i);
        i += 1;
        continue;
      case 0x23 /* # */:
        i = skipToLineEnd(text, i);
        continue;
      case 0x2f /* / */: {
        const next = text.charCodeAt(i + 1);
        if (next === 0x2f) {
          i = skipToLineEnd(text, i);
          continue;
        }
        if (next === 0x2a) {
          const end = text.indexOf('*/', i + 2);
          const stop = end === -1 ? n : end + 2;
          for (let j = i; j < stop; j += 1) if (text.charCodeAt(j) === 0x0a) newline(j);
          i = stop;
          continue;
        }
        i += 1;
        continue;
      }
      case 0x22 /* " */:
        stack.push('string');
        i += 1;
        continue;
      case 0x3c /* < */: {
        HEREDOC.lastIndex = i;
        const match = HEREDOC.exec(text);
        if (match && match[2] !== undefined) {
          stack.push('heredoc');
          heredocMarkers.push(match[2]);
          i += match[0].length;
          newline(i - 1);
          continue;
        }
        i += 1;
        continue;
      }
      case 0x7b /* { */:
      case 0x5b /* [ */:
      case 0x28 /* ( */: {
        const hit = open('bracket', i);
        if (hit) return hit;
        i += 1;
        continue;
      }
      case 0x7d /* } */:
      case 0x5d /* ] */:
      case 0x29 /* ) */:
        // An unbalanced closer is a syntax error hcl2json will report; it never lowers depth below 0.
        if (top === 'bracket' || top === 'interpolation') close();
        i += 1;
        continue;
      default:
        i += 1;
    }
  }
  return undefined;
}

function skipToLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}
