import { describe, expect, it } from 'vitest';
import { boundedPlaceholder, formatMessage } from '../../src/core/rule-meta.js';

describe('formatMessage', () => {
  it('fills placeholders, leaving unknown ones as written', () => {
    expect(formatMessage('IAM user "{{user}}" has {{count}} keys{{missing}}', { user: 'ana', count: 2 })).toBe('IAM user "ana" has 2 keys{{missing}}');
  });

  it('keeps the start and the end of a placeholder over 500 characters, saying how much was cut', () => {
    const reason = `Ref ${'A'.repeat(200_000)} names nothing declared in the template`;
    const message = formatMessage('Cannot tell: {{reason}}.', { reason });
    expect(message.length).toBeLessThan(520);
    expect(message).toMatch(/^Cannot tell: Ref A{296}…\(199593 characters cut\)…A{111} names nothing declared in the template\.$/);
    expect(boundedPlaceholder('x'.repeat(500))).toBe('x'.repeat(500));
  });

  it('never cuts between the halves of a surrogate pair', () => {
    for (const value of ['😀'.repeat(400), `a${'😀'.repeat(400)}`]) {
      const bounded = boundedPlaceholder(value);
      // encodeURIComponent throws on a lone surrogate.
      expect(() => encodeURIComponent(bounded)).not.toThrow();
      expect(bounded).toContain('characters cut');
    }
  });
});
