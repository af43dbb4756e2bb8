import { describe, expect, it } from 'vitest';
import { diagnosticFromHclError } from '../../src/terraform/parse-hcl.js';

describe('hcl2json error messages', () => {
  it('takes the position and text of the first error', () => {
    const d = diagnosticFromHclError(
      '/repo/main.tf',
      new Error('parse config: [/repo/main.tf:2,7-3,1: Invalid expression; Expected the start of an expression, but found an invalid expression token.]'),
    );
    expect(d.location.range).toEqual({ start: { line: 2, column: 7 }, end: { line: 2, column: 8 } });
    expect(d.message).toBe('Invalid expression: Expected the start of an expression, but found an invalid expression token.');
  });

  it('keeps absolute paths out of the message and drops follow-on errors', () => {
    const d = diagnosticFromHclError(
      '/tmp/qa/r2/main.tf',
      new Error(
        'parse config: [/tmp/qa/r2/main.tf:4,3-7: Attribute redefined; The argument "name" was already set at /tmp/qa/r2/main.tf:2,3-7. Each argument may be set only once., /tmp/qa/r2/main.tf:5,3-7: Attribute redefined; The argument "path" was already set at /tmp/qa/r2/main.tf:3,3-7. Each argument may be set only once.]',
      ),
    );
    expect(d.location.range.start).toEqual({ line: 4, column: 3 });
    expect(d.message).toBe('Attribute redefined: The argument "name" was already set at line 2. Each argument may be set only once.');
    expect(d.message).not.toContain('/tmp');
  });
});
