/**
 * A reader of the TOML that SAM CLI configuration files (`samconfig.toml`) are written in: tables
 * (`[default.deploy.parameters]`), dotted and quoted keys, strings of the four kinds, booleans,
 * numbers and arrays (https://toml.io/en/v1.0.0). credlint needs two keys of such a file
 * (`sam-config.ts`), so it reads TOML with this small reader rather than a dependency every scan
 * would load: what TOML allows and this reader does not (dates and times, inline tables, arrays of
 * tables) is `unsupported`, which the caller turns into a note, never a guess; what TOML forbids (a
 * control character, a key defined twice, an unterminated string) is `invalid`, at its line and column.
 * Linear in the text; arrays nest at most `MAX_ARRAY_DEPTH` deep, and the nodes it builds (key parts,
 * values, array elements) stop at `maxNodes`: `too large`, at the node past it.
 */

export type TomlValue = string | number | boolean | readonly TomlValue[] | TomlTable;
/** A table, without a prototype: a key named `__proto__` is a key like any other. */
export type TomlTable = Map<string, TomlValue>;

export type TomlResult =
  | { readonly ok: true; readonly root: TomlTable }
  | {
      readonly ok: false;
      readonly kind: 'invalid' | 'unsupported' | 'too large';
      readonly message: string;
      readonly line: number;
      readonly column: number;
    };

/** Arrays nested deeper than this are refused (a hostile file could nest them thousands deep). */
export const MAX_ARRAY_DEPTH = 32;
/** Dotted keys of more parts are refused: each part is a table (`[a.a.a...]` of a million parts would be a million). */
export const MAX_KEY_PARTS = 32;

class TomlStop extends Error {
  constructor(
    readonly kind: 'invalid' | 'unsupported' | 'too large',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
/** What TOML forbids in comments and strings: control characters other than tab (https://toml.io/en/v1.0.0#comment). */
const CONTROL = /[\0-\x08\x0b-\x1f\x7f]/;

/**
 * @param maxNodes how many key parts, values and array elements the reader builds before it stops (the
 * scan's `parseNodes`): 9 MB of `x = [1,1,…]` built 4.5 million values in 4.7 s, bounded only by the file's size.
 */
export function parseToml(text: string, maxNodes: number): TomlResult {
  const reader = new TomlReader(text, maxNodes);
  try {
    return { ok: true, root: reader.document() };
  } catch (error) {
    if (!(error instanceof TomlStop)) throw error;
    const { line, column } = lineAndColumn(text, error.offset);
    return { ok: false, kind: error.kind, message: error.message, line, column };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

class TomlReader {
  private at = 0;
  private readonly root: TomlTable = new Map();
  /** Tables created by a header or by a key's value: a second header for one of them is invalid. */
  private readonly closed = new Set<TomlTable>();
  private nodes = 0;

  constructor(
    private readonly text: string,
    private readonly maxNodes: number,
  ) {}

  /** Counts one more node, starting at the current position. */
  private spend(): void {
    this.nodes++;
    if (this.nodes > this.maxNodes) throw new TomlStop('too large', `more than ${this.maxNodes} nodes`, this.at);
  }

  document(): TomlTable {
    let table = this.root;
    for (;;) {
      this.skipBlank();
      if (this.at >= this.text.length) return this.root;
      const c = this.text[this.at];
      if (c === '\n' || c === '\r') {
        this.newline();
        continue;
      }
      if (c === '#') {
        this.comment();
        continue;
      }
      if (c === '[') {
        if (this.text[this.at + 1] === '[') throw new TomlStop('unsupported', 'arrays of tables ([[...]]) are not read', this.at);
        this.at++;
        const start = this.at;
        const path = this.key();
        this.expect(']');
        table = this.headerTable(path, start);
      } else {
        const start = this.at;
        const path = this.key();
        this.expect('=');
        this.skipBlank();
        this.assign(table, path, this.value(0), start);
      }
      this.endOfLine();
    }
  }

  private headerTable(path: readonly string[], start: number): TomlTable {
    let table = this.root;
    for (const [index, part] of path.entries()) {
      const existing = table.get(part);
      if (existing === undefined) {
        const created: TomlTable = new Map();
        table.set(part, created);
        table = created;
      } else if (existing instanceof Map) {
        if (index === path.length - 1 && this.closed.has(existing)) throw new TomlStop('invalid', `table [${path.join('.')}] is defined twice`, start);
        table = existing;
      } else {
        throw new TomlStop('invalid', `key ${path.slice(0, index + 1).join('.')} is not a table`, start);
      }
    }
    this.closed.add(table);
    return table;
  }

  private assign(table: TomlTable, path: readonly string[], value: TomlValue, start: number): void {
    let current = table;
    for (const [index, part] of path.entries()) {
      const existing = current.get(part);
      if (index === path.length - 1) {
        if (existing !== undefined) throw new TomlStop('invalid', `key ${path.join('.')} is defined twice`, start);
        current.set(part, value);
        if (value instanceof Map) this.closed.add(value);
        return;
      }
      if (existing === undefined) {
        const created: TomlTable = new Map();
        current.set(part, created);
        current = created;
      } else if (existing instanceof Map && !this.closed.has(existing)) {
        current = existing;
      } else {
        throw new TomlStop('invalid', `key ${path.slice(0, index + 1).join('.')} is defined twice`, start);
      }
    }
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlank();
      this.spend();
      const c = this.text[this.at];
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const start = this.at;
        while (this.at < this.text.length && BARE_KEY.test(this.text[this.at] as string)) this.at++;
        if (this.at === start) throw new TomlStop('invalid', 'a key was expected', this.at);
        parts.push(this.text.slice(start, this.at));
      }
      this.skipBlank();
      if (this.text[this.at] !== '.') return parts;
      if (parts.length >= MAX_KEY_PARTS) throw new TomlStop('invalid', `keys of more than ${MAX_KEY_PARTS} dotted parts`, this.at);
      this.at++;
    }
  }

  private value(depth: number): TomlValue {
    this.spend();
    const c = this.text[this.at];
    if (c === '"') return this.text.startsWith('"""', this.at) ? this.multilineBasic() : this.basicString();
    if (c === "'") return this.text.startsWith("'''", this.at) ? this.multilineLiteral() : this.literalString();
    if (c === '[') return this.array(depth + 1);
    if (c === '{') throw new TomlStop('unsupported', 'inline tables ({ ... }) are not read', this.at);
    const start = this.at;
    while (this.at < this.text.length && /[A-Za-z0-9_+.:-]/.test(this.text[this.at] as string)) this.at++;
    const word = this.text.slice(start, this.at);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(word)) throw new TomlStop('unsupported', 'dates and times are not read', start);
    const number = tomlNumber(word);
    if (number === undefined) throw new TomlStop('invalid', word === '' ? 'a value was expected' : `${word} is not a TOML value`, start);
    return number;
  }

  private array(depth: number): TomlValue[] {
    if (depth > MAX_ARRAY_DEPTH) throw new TomlStop('invalid', `arrays nested more than ${MAX_ARRAY_DEPTH} deep`, this.at);
    this.at++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipInArray();
      if (this.text[this.at] === ']') {
        this.at++;
        return items;
      }
      items.push(this.value(depth));
      this.skipInArray();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== ']') throw new TomlStop('invalid', 'a comma or ] was expected in the array', this.at);
    }
  }

  private basicString(): string {
    this.at++;
    let result = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c === '\n' || c === '\r') throw new TomlStop('invalid', 'unterminated string', this.at);
      if (c === '"') {
        this.at++;
        return result;
      }
      if (c === '\\') result += this.escape();
      else {
        this.checkCharacter(c);
        result += c;
        this.at++;
      }
    }
  }

  private multilineBasic(): string {
    this.at += 3;
    this.trimFirstNewline();
    let result = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) throw new TomlStop('invalid', 'unterminated string', this.at);
      if (this.text.startsWith('"""', this.at)) {
        // Up to two quotes may end the content right before the closing three.
        let quotes = 3;
        while (quotes < 5 && this.text[this.at + quotes] === '"') quotes++;
        this.at += quotes;
        return result + '"'.repeat(quotes - 3);
      }
      if (c === '\\') {
        let next = this.at + 1;
        while (this.text[next] === ' ' || this.text[next] === '\t') next++;
        if (this.text[next] === '\n' || this.text.startsWith('\r\n', next)) {
          // A line-ending backslash trims the white space and newlines that follow.
          this.at = next;
          while (/[ \t\r\n]/.test(this.text[this.at] ?? '')) this.at++;
          continue;
        }
        result += this.escape();
      } else {
        if (c !== '\n' && c !== '\r') this.checkCharacter(c);
        result += c;
        this.at++;
      }
    }
  }

  private literalString(): string {
    const start = ++this.at;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c === '\n' || c === '\r') throw new TomlStop('invalid', 'unterminated string', this.at);
      if (c === "'") break;
      this.checkCharacter(c);
      this.at++;
    }
    return this.text.slice(start, this.at++);
  }

  private multilineLiteral(): string {
    this.at += 3;
    this.trimFirstNewline();
    const start = this.at;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) throw new TomlStop('invalid', 'unterminated string', this.at);
      if (this.text.startsWith("'''", this.at)) {
        let quotes = 3;
        while (quotes < 5 && this.text[this.at + quotes] === "'") quotes++;
        const content = this.text.slice(start, this.at + quotes - 3);
        this.at += quotes;
        return content;
      }
      if (c !== '\n' && c !== '\r') this.checkCharacter(c);
      this.at++;
    }
  }

  private trimFirstNewline(): void {
    if (this.text.startsWith('\r\n', this.at)) this.at += 2;
    else if (this.text[this.at] === '\n') this.at++;
  }

  private escape(): string {
    const letter = this.text[this.at + 1] ?? '';
    const simple = ESCAPES[letter];
    if (simple !== undefined) {
      this.at += 2;
      return simple;
    }
    const digits = letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
    const hex = this.text.slice(this.at + 2, this.at + 2 + digits);
    const code = digits > 0 && /^[0-9A-Fa-f]+$/.test(hex) && hex.length === digits ? Number.parseInt(hex, 16) : undefined;
    if (code === undefined || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new TomlStop('invalid', 'invalid escape in a string', this.at);
    this.at += 2 + digits;
    return String.fromCodePoint(code);
  }

  private checkCharacter(c: string): void {
    if (CONTROL.test(c))
      throw new TomlStop('invalid', `control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed`, this.at);
  }

  private skipBlank(): void {
    while (this.text[this.at] === ' ' || this.text[this.at] === '\t') this.at++;
  }

  private skipInArray(): void {
    for (;;) {
      this.skipBlank();
      const c = this.text[this.at];
      if (c === '\n' || c === '\r') this.newline();
      else if (c === '#') this.comment();
      else return;
    }
  }

  private comment(): void {
    while (this.at < this.text.length && this.text[this.at] !== '\n' && this.text[this.at] !== '\r') {
      this.checkCharacter(this.text[this.at] as string);
      this.at++;
    }
  }

  private newline(): void {
    if (this.text.startsWith('\r\n', this.at)) this.at += 2;
    else if (this.text[this.at] === '\n') this.at++;
    else
      throw new TomlStop('invalid', this.text[this.at] === '\r' ? 'a lone carriage return is not a line ending' : 'the line goes on after its value', this.at);
  }

  private expect(c: string): void {
    this.skipBlank();
    if (this.text[this.at] !== c) throw new TomlStop('invalid', `${c} was expected`, this.at);
    this.at++;
  }

  private endOfLine(): void {
    this.skipBlank();
    if (this.text[this.at] === '#') this.comment();
    if (this.at < this.text.length) this.newline();
  }
}

/** A TOML integer or float (decimal with `_` between digits, `0x`/`0o`/`0b`, `inf`, `nan`), or undefined. */
function tomlNumber(word: string): number | undefined {
  if (/^[+-]?(?:inf|nan)$/.test(word)) return word.endsWith('nan') ? Number.NaN : word.startsWith('-') ? -Infinity : Infinity;
  const radix = /^0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*$/.test(word) ? 16 : /^0o[0-7](?:_?[0-7])*$/.test(word) ? 8 : /^0b[01](?:_?[01])*$/.test(word) ? 2 : 0;
  if (radix !== 0) return Number.parseInt(word.slice(2).replaceAll('_', ''), radix);
  const decimal = /^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
  return decimal.test(word) ? Number(word.replaceAll('_', '')) : undefined;
}
