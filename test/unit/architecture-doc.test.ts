/**
 * docs/architecture.md stays true: every path it names exists (a path with `<placeholders>` must match
 * at least one existing path), every top-level part of src/ has a row in its layer table, and every
 * registered format's folder is named. A walkthrough whose files moved fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formats } from '../../src/formats/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

/** The backticked spans that name a path of the repository. */
const PATH_PREFIX = /^(?:src|rules|test|fixtures|docs|scripts)\/|^\.dependency-cruiser\.cjs$/;
const namedPaths = [...new Set([...doc.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? '').filter((span) => PATH_PREFIX.test(span)))];

/** Whether some existing path matches `pattern`, where each `<placeholder>` segment part matches any name. */
function exists(pattern: string): boolean {
  const segments = pattern.replace(/\/$/, '').split('/');
  const walk = (dir: string, index: number): boolean => {
    const segment = segments[index];
    if (segment === undefined) return true;
    const matcher = new RegExp(
      `^${segment
        .split(/<[^>]+>/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    );
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return false;
    }
    return entries.filter((name) => matcher.test(name)).some((name) => walk(path.join(dir, name), index + 1));
  };
  return walk(root, 0);
}

describe('docs/architecture.md', () => {
  it('names paths, and only paths that exist', () => {
    expect(namedPaths.length).toBeGreaterThan(40);
    const missing = namedPaths.filter((named) => !exists(named));
    expect(missing).toEqual([]);
  });

  it('has a layer for every top-level part of src/', () => {
    const table = doc.slice(doc.indexOf('## The layers'), doc.indexOf('## Formats'));
    const parts = readdirSync(path.join(root, 'src'), { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? `src/${entry.name}/` : `src/${entry.name}`,
    );
    expect(parts.filter((part) => !table.includes(`\`${part}\``))).toEqual([]);
  });

  it('names the folder of every registered format', () => {
    expect(formats.map((format) => `src/formats/${format.id}/`).filter((folder) => !doc.includes(`\`${folder}\``))).toEqual([]);
  });
});
