import { MAX_STRING } from './evaluate-operators.js';
import { MAX_ITERATIONS, overLimit, str, type StaticValue } from './static-value.js';

const TOO_LONG = overLimit('the string is too long to evaluate');

/**
 * `String.prototype` methods of a known string whose arguments are known, evaluated by JavaScript
 * itself, so that a name or construct id built with them (`` `Key-${env.replace('_', '-')}` ``,
 * `name.split('/')[1]`, `id.slice(0, 8)`) is what the app computes. Only methods whose result
 * depends on nothing but the string and the arguments: not the locale (`toLocaleLowerCase`,
 * `localeCompare`), and no regular expression (a pattern is a string here, matched literally, as
 * JavaScript matches a string pattern). Every result that could grow past the longest string
 * credlint evaluates is bounded before it is built, and past that bound is an unknown cut off by the
 * limit (`overLimit`), not a value the source cannot tell; a call JavaScript would throw on
 * (`repeat(-1)`) or one with an argument of another kind is undefined: not evaluated.
 */
export function knownStringMethod(value: string, method: string, args: readonly StaticValue[]): StaticValue | undefined {
  const text = (index: number): string | undefined => {
    const arg = args[index];
    return arg?.kind === 'string' ? arg.value : undefined;
  };
  // A position: a number, or nothing (JavaScript's default).
  const position = (index: number): number | undefined | null => {
    const arg = args[index];
    if (arg === undefined || arg.kind === 'undefined') return undefined;
    return arg.kind === 'number' ? arg.value : null;
  };
  const first = text(0);
  const [a, b] = [position(0), position(1)];
  switch (method) {
    case 'toLowerCase':
      return str(value.toLowerCase());
    case 'toUpperCase':
      return str(value.toUpperCase());
    case 'toString':
      return str(value);
    case 'trim':
      return str(value.trim());
    case 'trimStart':
      return str(value.trimStart());
    case 'trimEnd':
      return str(value.trimEnd());
    case 'slice':
    case 'substring':
      return a === null || b === null ? undefined : str(method === 'slice' ? value.slice(a, b) : value.substring(a ?? 0, b));
    case 'charAt':
      return a === null ? undefined : str(value.charAt(a ?? 0));
    case 'at': {
      if (a === null) return undefined;
      const at = value.at(a ?? 0);
      return at === undefined ? { kind: 'undefined' } : str(at);
    }
    case 'startsWith':
    case 'endsWith':
    case 'includes': {
      const from = position(1);
      if (first === undefined || from === null) return undefined;
      return { kind: 'boolean', value: value[method](first, from) };
    }
    case 'indexOf':
    case 'lastIndexOf': {
      const from = position(1);
      if (first === undefined || from === null) return undefined;
      return { kind: 'number', value: value[method](first, from) };
    }
    case 'replace':
    case 'replaceAll':
      return replaced(value, method, first, text(1));
    case 'split':
      return split(value, args[0], position(1));
    case 'padStart':
    case 'padEnd': {
      const fill = args[1] === undefined || args[1].kind === 'undefined' ? ' ' : text(1);
      if (a === null || a === undefined || fill === undefined) return undefined;
      if (a > MAX_STRING) return TOO_LONG;
      return str(value[method](a, fill));
    }
    case 'repeat': {
      if (a === null) return undefined;
      const count = a ?? 0;
      if (!Number.isFinite(count) || count < 0) return undefined;
      if (value.length * Math.floor(count) > MAX_STRING) return TOO_LONG;
      return str(value.repeat(count));
    }
    default:
      return undefined;
  }
}

/**
 * `replace`/`replaceAll` with a string pattern and a string replacement. The replacement's `$`
 * patterns (`$&`, `` $` ``, `$'`) can each insert the whole string, so its longest expansion is
 * bounded by that before JavaScript builds the result.
 */
function replaced(value: string, method: 'replace' | 'replaceAll', pattern: string | undefined, replacement: string | undefined): StaticValue | undefined {
  if (pattern === undefined || replacement === undefined) return undefined;
  const expansion = replacement.includes('$') ? replacement.length * (value.length + 1) : replacement.length;
  const occurrences = method === 'replace' ? 1 : value.length + 1;
  if (value.length + occurrences * expansion > MAX_STRING) return TOO_LONG;
  return str(method === 'replace' ? value.replace(pattern, replacement) : value.replaceAll(pattern, replacement));
}

/** `split(separator, limit?)` with a string separator. */
function split(value: string, separator: StaticValue | undefined, limit: number | undefined | null): StaticValue | undefined {
  if (limit === null || separator?.kind !== 'string') return undefined;
  const parts = value.split(separator.value, limit);
  return parts.length > MAX_ITERATIONS
    ? overLimit(`the split makes more than ${MAX_ITERATIONS} parts, more than credlint evaluates`)
    : { kind: 'array', items: parts.map(str) };
}
