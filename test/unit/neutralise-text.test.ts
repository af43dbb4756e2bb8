/**
 * The neutraliser and code frames on their own (hand-built strings): every input-derived string shown to a
 * person is escaped visibly, no line can start a workflow command, and carets stay under the text the
 * reported columns name. The same through the CLI and the reporters: test/process/security-output.test.ts.
 */
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { renderCodeFrame } from '../../src/reporters/code-frame.js';
import { guardWorkflowCommands, neutraliseInline, neutralisePathAtLineStart, neutraliseSourceLine } from '../../src/reporters/neutralise-text.js';

const ESC = '\u001b';

describe('neutraliser', () => {
  it('escapes C0, DEL, C1, line separators, bidi and invisible characters visibly', () => {
    const cases: [string, string][] = [
      ['a\nb\r\tc', 'a\\nb\\r\\tc'],
      ['\u0000\u0007\u001b\u007f', '\\x00\\x07\\x1b\\x7f'],
      ['\u0085\u009b', '\\x85\\x9b'],
      ['\u2028\u2029', '\\u2028\\u2029'],
      [
        '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
        '\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069',
      ],
      ['a\u200bb\u200cc\u2060d\ufeffe\u00adf', 'a\\u200bb\\u200cc\\u2060d\\ufeffe\\xadf'],
      ['tag\u{e0041}\u3164', 'tag\\u{e0041}\\u3164'],
      ['\ud800x', '\\ud800x'],
      ['x ##[error]y', 'x #\\x23[error]y'],
      ['ok: caf\u00e9 \u65e5\u672c \ud83d\udd11', 'ok: caf\u00e9 \u65e5\u672c \ud83d\udd11'],
    ];
    for (const [input, expected] of cases) expect(neutraliseInline(input)).toBe(expected);
    // Emoji sequences keep their joiners and presentation selectors; stray ones are shown.
    expect(neutraliseInline('\u{1F469}\u200D\u{1F4BB} \u2764\uFE0F')).toBe('\u{1F469}\u200D\u{1F4BB} \u2764\uFE0F');
    expect(neutraliseInline('a\u200Db \uFE0F')).toBe('a\\u200db \\ufe0f');
  });

  it('never lets a line start a workflow command', () => {
    expect(neutralisePathAtLineStart('::error x::y.tf')).toBe('./::error x::y.tf');
    expect(neutralisePathAtLineStart(' \u00a0::x.tf')).toBe('./ \u00a0::x.tf');
    expect(neutralisePathAtLineStart('dir/::x.tf')).toBe('dir/::x.tf');
    expect(guardWorkflowCommands('ok\n  ::stop-commands::t\n::add-mask::x\n')).toBe('ok\n  \\x3a:stop-commands::t\n\\x3a:add-mask::x\n');
  });

  it('maps source columns through escapes and keeps tabs in code-frame lines', () => {
    const line = neutraliseSourceLine(`\ta${ESC}b\u202Ec`);
    expect(line.text).toBe('\ta\\x1bb\\u202ec');
    expect([1, 2, 3, 4, 5, 6, 7].map((column) => line.columnOf(column))).toEqual([1, 2, 3, 7, 8, 14, 15]);
  });
});

describe('code frame carets', () => {
  const plain = pc.createColors(false);
  const span = (line: number, start: number, end: number) => ({ start: { line, column: start }, end: { line, column: end } });

  it('puts the caret under the escaped text the reported columns name', () => {
    const text = `x = "${ESC}[31mred\u202E" # after\n`;
    // Columns 6–13 are ESC [ 3 1 m r e d.
    expect(renderCodeFrame(text, span(1, 6, 14), plain)).toBe(['> 1 | x = "\\x1b[31mred\\u202e" # after', '    |      ^^^^^^^^^^^'].join('\n'));
    expect(renderCodeFrame(text, span(1, 14, 15), plain)).toBe(['> 1 | x = "\\x1b[31mred\\u202e" # after', `    | ${' '.repeat(16)}^^^^^^`].join('\n'));
  });

  it('shows a source line that starts with :: behind the gutter, never at a line start', () => {
    const frame = renderCodeFrame('a = <<EOT\n::error file=x.tf::in-source\nEOT\n', span(2, 1, 3), plain) ?? '';
    expect(frame.split('\n')[1]).toBe('> 2 | ::error file=x.tf::in-source');
    for (const line of frame.split('\n')) expect(line).not.toMatch(/^\s*::/);
  });

  it('aligns the caret in terminal cells after wide characters, emoji and combining marks, and keeps tabs', () => {
    // 日本 and 🔑 take two cells each; e + U+0301 one.
    const text = '\tname = "日本🔑e\u0301" # x\n';
    const frame = renderCodeFrame(text, span(1, 16, 19), plain);
    expect(frame).toBe(['> 1 | \tname = "日本🔑e\u0301" # x', `    | \t${' '.repeat(15)}^^^`].join('\n'));
    const wide = renderCodeFrame('"日本" = 1\n', span(1, 2, 4), plain);
    expect(wide).toBe(['> 1 | "日本" = 1', '    |  ^^^^'].join('\n'));
  });
});
