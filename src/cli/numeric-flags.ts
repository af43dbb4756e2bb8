import { isLimitName, LIMIT_NAMES, type LimitName, type Limits } from '../core/limits.js';
import { parseAssignment, UsageError } from './usage-error.js';

export function parseSize(text: string): number {
  const match = /^(\d+)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-file-size expects a number of bytes (e.g. 1048576, 512k, 10m), got "${text}"`);
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(match[1]) * factor;
}

export function parseLimits(assignments: readonly string[]): Partial<Limits> {
  const limits: Partial<Record<LimitName, number>> = {};
  for (const assignment of assignments) {
    const [name, text] = parseAssignment('--limit', assignment);
    if (!isLimitName(name)) throw new UsageError(`--limit: unknown limit "${name}"; the limits are ${LIMIT_NAMES.join(', ')}`);
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`--limit ${name} expects a positive whole number, got "${text}"`);
    limits[name] = value;
  }
  return limits;
}

/** `--max-warnings <n>`: a whole number, 0 or more. */
export function parseMaxWarnings(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new UsageError(`--max-warnings expects a whole number (0 or more), got "${text}"`);
  return value;
}
