import { describe, expect, it } from 'vitest';
import { MAX_JSON_NESTING, jsonRange, jsonValue, parseJsonTree, parseJsonValue, type JsonNode } from '../../src/core/json-tree.js';
import { LineIndex } from '../../src/core/source-text.js';

function child(node: JsonNode | undefined, ...path: number[]): JsonNode | undefined {
  return path.reduce<JsonNode | undefined>((at, index) => at?.children?.[index], node);
}

describe('parseJsonTree', () => {
  const text = '{\r\n  "user": "alice",\r\n  "keys": [\u{1F600}1, {"k": true}]\n}';

  it('keeps every value with its span, in UTF-16 offsets turned into positions by the line index', () => {
    const fixed = text.replace('\u{1F600}', '');
    const { root, error } = parseJsonTree(fixed, 'strict');
    expect(error).toBeUndefined();
    const lines = new LineIndex(fixed);
    expect(root?.type).toBe('object');
    expect(jsonRange(lines, root as JsonNode)).toEqual({ start: { line: 1, column: 1 }, end: { line: 4, column: 2 } });
    // "alice", quotes included, after CRLF.
    expect(jsonRange(lines, child(root, 0, 1) as JsonNode)).toEqual({ start: { line: 2, column: 11 }, end: { line: 2, column: 18 } });
    // The object inside the array, and its plain value.
    const inner = child(root, 1, 1, 1) as JsonNode;
    expect(jsonRange(lines, inner)).toEqual({ start: { line: 3, column: 15 }, end: { line: 3, column: 26 } });
    expect(jsonValue(inner)).toEqual({ k: true });
  });

  it('reports the first syntax error at its offset, counted in UTF-16 units (an astral character is two)', () => {
    const { error } = parseJsonTree(text, 'strict');
    // The emoji starts at offset 34 of the text; the unexpected symbol is the emoji (two units) and the `1` after it.
    expect(text.indexOf('\u{1F600}')).toBe(34);
    expect(error).toEqual({ offset: 34, length: 3, message: 'InvalidSymbol' });
    expect(new LineIndex(text).range(34, 37)).toEqual({ start: { line: 3, column: 12 }, end: { line: 3, column: 15 } });
  });

  it('strict JSON refuses comments, trailing commas and empty text; lenient JSON accepts the first two', () => {
    expect(parseJsonTree('{ // c\n}', 'strict').error).toEqual({ offset: 2, length: 4, message: 'InvalidCommentToken' });
    expect(parseJsonTree('{"a": 1,}', 'strict').error).toEqual({ offset: 8, length: 1, message: 'PropertyNameExpected' });
    expect(parseJsonTree('', 'strict')).toEqual({ root: undefined, error: { offset: 0, length: 0, message: 'ValueExpected' } });
    expect(parseJsonTree('{ // c\n}', 'lenient').error).toBeUndefined();
    expect(parseJsonTree('{"a": 1,}', 'lenient').error).toBeUndefined();
    expect(parseJsonTree('', 'lenient').error).toEqual({ offset: 0, length: 0, message: 'ValueExpected' });
  });

  it('keeps the tree it recovered after an error, for locators that read positions out of broken text', () => {
    const { root, error } = parseJsonTree('[1 2]', 'lenient');
    expect(error).toEqual({ offset: 3, length: 1, message: 'CommaExpected' });
    expect(root?.children?.map((node) => [node.offset, node.value])).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });

  it('refuses nesting deeper than MAX_JSON_NESTING before parsing, at the bracket that crossed it', () => {
    const deep = (levels: number) => '{"a": ['.repeat(levels / 2) + '1' + ']}'.repeat(levels / 2);
    expect(parseJsonTree(deep(MAX_JSON_NESTING), 'strict').error).toBeUndefined();
    const tooDeep = { offset: 7 * (MAX_JSON_NESTING / 2), length: 1, message: `nesting deeper than ${MAX_JSON_NESTING} levels` };
    for (const dialect of ['strict', 'lenient'] as const) {
      // 200,000 levels exhausted jsonc-parser's stack, and the file failed at line 1 (or its unit with an internal error).
      expect(parseJsonTree(deep(200_000), dialect)).toEqual({ root: undefined, error: tooDeep });
      expect(parseJsonValue(deep(200_000), dialect)).toEqual({ value: undefined, error: tooDeep });
    }
    // Brackets inside strings and comments (which jsonc-parser skips in either dialect) do not count.
    const quiet = `{"s": "${'['.repeat(500)}", // ${'{'.repeat(500)}\n /* ${'['.repeat(500)} */ "t": 1}`;
    expect(parseJsonValue(quiet, 'lenient')).toEqual({ value: { s: '['.repeat(500), t: 1 }, error: undefined });
    expect(parseJsonTree(quiet, 'strict').error?.message).toBe('InvalidCommentToken');
  });
});

describe('parseJsonValue', () => {
  it('gives the plain value; a duplicate key keeps its last value, as JSON.parse does', () => {
    expect(parseJsonValue('{"a": 1, "b": [true, null], "a": 2}', 'strict')).toEqual({ value: { a: 2, b: [true, null] }, error: undefined });
  });

  it('reports the first error as parseJsonTree does', () => {
    expect(parseJsonValue('{"x": tru}', 'strict').error).toEqual({ offset: 6, length: 3, message: 'InvalidSymbol' });
    expect(parseJsonValue('{"x": 1,}', 'strict').error).toEqual(parseJsonTree('{"x": 1,}', 'strict').error);
  });

  it('keeps keys named like JavaScript object machinery as ordinary own keys, as JSON.parse does', () => {
    const text = '{"__proto__": {"user": "root"}, "constructor": [1], "toString": "x"}';
    const { value } = parseJsonValue(text, 'strict');
    expect(value).toEqual(JSON.parse(text));
    expect(Object.keys(value as object)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((value as Record<string, unknown>)['__proto__'])).toBe(Object.prototype);
  });
});

describe('jsonValue', () => {
  it('gives ordinary objects whose keys are own properties, __proto__ included', () => {
    const text = '{"__proto__": {"user": "root"}, "a": [{"constructor": null}], "a": 2}';
    const { root } = parseJsonTree(text, 'strict');
    const value = jsonValue(root as JsonNode);
    expect(value).toEqual(JSON.parse(text));
    expect(Object.keys(value as object)).toEqual(['__proto__', 'a']);
    expect(String(value)).toBe('[object Object]');
  });
});
