import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatNames, getReporter, isFormatName } from '../../src/reporters/index.js';
import { directoryFileUri, isOutsideCwd, outputPath, uriReference } from '../../src/reporters/relative-path.js';
import { readToolInfo } from '../../src/reporters/tool-info.js';

describe('paths in output', () => {
  it('are relative to cwd with / separators on POSIX and Windows', () => {
    expect(outputPath('/work/repo', '/work/repo/infra/prod/main.tf', path.posix)).toBe('infra/prod/main.tf');
    expect(outputPath('C:\\work\\repo', 'C:\\work\\repo\\infra\\prod\\main.tf', path.win32)).toBe('infra/prod/main.tf');
    expect(outputPath('C:\\work\\repo', 'C:\\work\\other\\main.tf', path.win32)).toBe('../other/main.tf');
    expect(outputPath('C:\\work\\repo', 'D:\\x\\main.tf', path.win32)).toBe('D:/x/main.tf');
  });

  it('name the directory itself `.`, never its absolute path', () => {
    expect(outputPath('/work/repo', '/work/repo', path.posix)).toBe('.');
    expect(outputPath('/work/repo', '/work/repo/', path.posix)).toBe('.');
    expect(outputPath('C:\\work\\repo', 'C:\\work\\repo', path.win32)).toBe('.');
    expect(isOutsideCwd('.')).toBe(false);
  });

  it('know when a path leaves cwd', () => {
    expect(isOutsideCwd('../other/main.tf')).toBe(true);
    expect(isOutsideCwd('D:/x/main.tf', path.win32)).toBe(true);
    // On POSIX `C:` is a directory name a pull request can commit: its files are inside the repository,
    // and SARIF gave them the CI machine's absolute `file:` URI, which code scanning places on no file.
    expect(isOutsideCwd('C:/main.tf', path.posix)).toBe(false);
    expect(uriReference('C:/main.tf')).toBe('C%3A/main.tf');
    expect(isOutsideCwd('..hidden/main.tf')).toBe(false);
    expect(isOutsideCwd('infra/main.tf')).toBe(false);
  });

  it('become URI references segment by segment', () => {
    expect(uriReference('my dir/100%/a#b?.tf')).toBe('my%20dir/100%25/a%23b%3F.tf');
    expect(directoryFileUri(path.resolve('/repo'))).toMatch(/^file:\/\/\/.*repo\/$/);
  });
});

describe('reporter registry', () => {
  it('has a reporter for every format name and rejects others', () => {
    expect(formatNames).toEqual(['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab', 'checkstyle']);
    for (const name of formatNames) expect(typeof getReporter(name)).toBe('function');
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('junit')).toBe(true);
    expect(isFormatName('xunit')).toBe(false);
  });
});

describe('tool facts', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('come from the nearest package.json named credlint, as in the built dist/src/reporters layout', () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-tool-info-')));
    roots.push(root);
    const reporters = path.join(root, 'dist', 'src', 'reporters');
    mkdirSync(reporters, { recursive: true });
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'credlint', version: '9.8.7', homepage: 'https://example.com/credlint' }));
    // A package.json on the way up that is not credlint's (tsc may emit one beside dist) is skipped.
    writeFileSync(path.join(root, 'dist', 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
    expect(readToolInfo(reporters)).toEqual({ name: 'credlint', version: '9.8.7', informationUri: 'https://example.com/credlint' });
  });

  it('fall back to a placeholder version and the npm page when no package.json is found', () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-tool-info-')));
    roots.push(root);
    expect(readToolInfo(root)).toEqual({ name: 'credlint', version: '0.0.0', informationUri: 'https://www.npmjs.com/package/credlint' });
  });
});
