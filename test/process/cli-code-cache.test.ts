/**
 * README, "Performance" and docs/security.md, "Code cache": the CLI loads its own code (the CommonJS
 * copy in `dist/cjs`), `typescript` and `yaml` through a V8 code cache in the user's own cache
 * directory, one entry per package. Each case runs the built CLI in child processes with
 * `XDG_CACHE_HOME` pointing at a fresh directory, on a CDK app whose scan needs `typescript`, a YAML
 * template whose scan needs `yaml`, or a Terraform file that needs neither.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitProject, runCli } from '../support/cli-process.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const TERRAFORM = { 'main.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n' };
const APP = { 'infra/cdk.json': '{}', 'infra/app.ts': "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.CfnAccessKey(s, 'K', { userName: 'root' });\n" };

/** Node 22.1 and later have their own compile cache, which the CLI uses instead (in the same directory). */
const nodeHasCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Scans the CDK app with the cache under `cacheHome`; returns the rule ids found (the scan must succeed). */
function scan(project: string, env: Readonly<Record<string, string>>): string[] {
  const run = runCli(['--format', 'json', 'infra/app.ts'], project, env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  return (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((finding) => finding.ruleId);
}

/** The cache entries in `dir` (none when it does not exist). */
function entries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.v8cache'));
  } catch {
    return [];
  }
}

/** The package directory an entry was made for (its key's `package`). */
function packageOf(file: string): string {
  const bytes = readFileSync(file);
  const keyLine = bytes.toString('utf8', bytes.indexOf(10) + 1, bytes.indexOf(10, bytes.indexOf(10) + 1));
  return String((JSON.parse(keyLine) as Record<string, unknown>)['package']);
}

/** The entry (file name) in `dir` made for the package whose directory matches `pattern`. */
function entryFor(dir: string, pattern: RegExp): string | undefined {
  return entries(dir).find((name) => pattern.test(packageOf(path.join(dir, name))));
}

const TYPESCRIPT = /node_modules[\\/]typescript$/;
const YAML = /node_modules[\\/]yaml$/;
/** credlint's own CommonJS copy of the CLI's code. */
const OWN_COPY = /[\\/]dist[\\/]cjs$/;

/** An entry's parts: the header lines (magic, key, SHA-256 of the data) and the data (an index line, then the code V8 reads). */
function parts(bytes: Buffer): { header: Buffer; digest: string; data: Buffer } {
  const keyEnd = bytes.indexOf(10, bytes.indexOf(10) + 1);
  const digestEnd = bytes.indexOf(10, keyEnd + 1);
  return { header: bytes.subarray(0, keyEnd + 1), digest: bytes.toString('latin1', keyEnd + 1, digestEnd), data: bytes.subarray(digestEnd + 1) };
}

interface IndexLine {
  file: string;
  size: number;
  mtimeMs: number;
  ascii: boolean;
  length: number;
}

/** The files an entry holds code for (its data's first line). */
function indexOf(data: Buffer): IndexLine[] {
  return JSON.parse(data.toString('utf8', 0, data.indexOf(10))) as IndexLine[];
}

/** An entry whose data is `index` followed by `code`, with its SHA-256. */
function entryWith(header: Buffer, index: readonly IndexLine[], code: Buffer): Buffer {
  const data = Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), code]);
  return Buffer.concat([header, Buffer.from(`${sha256(data)}\n`), data]);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A project of `files` scanned once by `run` with a fresh cache home: the report of that first run
 * and the entry it wrote.
 */
function scannedOnce<Report>(
  files: Readonly<Record<string, string>>,
  run: (project: string, env: Readonly<Record<string, string>>) => Report,
  pattern: RegExp,
): { project: string; cacheHome: string; report: Report; file: string } {
  const project = gitProject(files);
  const cacheHome = tempTree({}, 'credlint-xdg-');
  const dir = path.join(cacheHome, 'credlint');
  const report = run(project, { XDG_CACHE_HOME: cacheHome });
  return { project, cacheHome, report, file: path.join(dir, entryFor(dir, pattern) ?? '') };
}

describe.skipIf(nodeHasCompileCache)('the CLI’s code cache for typescript', () => {
  it('the first run writes an entry (0700 directory, 0600 file, keyed by package and versions, each file by size and mtime); the second uses it unchanged', () => {
    const project = gitProject(APP);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const dir = path.join(cacheHome, 'credlint');
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    const entry = entryFor(dir, TYPESCRIPT);
    expect(entry).toBeDefined();
    const all = entries(dir).sort();
    const file = path.join(dir, entry ?? '');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file);
    const { header, digest, data } = parts(written);
    const key = JSON.parse(header.toString('utf8').split('\n')[1] ?? '') as Record<string, unknown>;
    expect(key).toMatchObject({ node: process.version, v8: process.versions.v8 });
    expect(String(key['package'])).toMatch(/node_modules[\\/]typescript$/);
    const index = indexOf(data);
    expect(index.map((line) => line.file)).toEqual([path.join('lib', 'typescript.js')]);
    expect(index[0]?.size).toBe(statSync(path.join(String(key['package']), 'lib', 'typescript.js')).size);
    // typescript.js is ASCII only, so it is read as Latin-1 (the same text, copied faster).
    expect(index[0]?.ascii).toBe(true);
    expect(sha256(data)).toBe(digest);
    const before = statSync(file);

    // Accepted: nothing is rewritten.
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    expect(readFileSync(file).equals(written)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
    expect(entries(dir).sort()).toEqual(all);
  });

  it('a corrupted entry (bytes that no longer match their SHA-256) is ignored and replaced by a good one', () => {
    const { project, cacheHome, file } = scannedOnce(APP, scan, TYPESCRIPT);
    const corrupted = Buffer.from(readFileSync(file));
    const middle = corrupted.length - Math.floor(parts(corrupted).data.length / 2);
    corrupted[middle] = (corrupted[middle] ?? 0) ^ 0xff;
    writeFileSync(file, corrupted);
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    const rewritten = readFileSync(file);
    expect(rewritten.equals(corrupted)).toBe(false);
    expect(sha256(parts(rewritten).data)).toBe(parts(rewritten).digest);
  });

  it('an intact entry V8 rejects (data for another source) is replaced, and the scan is unchanged', () => {
    const { project, cacheHome, file } = scannedOnce(APP, scan, TYPESCRIPT);
    const { header, data } = parts(readFileSync(file));
    // V8's own code cache for a different, tiny source, listed as typescript's: its source check fails.
    const vm = nodeModule.createRequire(import.meta.url)('node:vm') as typeof import('node:vm');
    const foreign = new vm.Script('(function () { return 1; });').createCachedData();
    const [line] = indexOf(data);
    writeFileSync(file, entryWith(header, [{ ...(line as IndexLine), length: foreign.length }], foreign));
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    const rewritten = parts(readFileSync(file));
    expect(rewritten.data.length).toBeGreaterThan(foreign.length * 10);
    expect(sha256(rewritten.data)).toBe(rewritten.digest);
  });

  it('falls back silently where no safe directory can be made: a file in the way, a directory others can write, a symbolic link, no home', () => {
    const project = gitProject(APP);
    const blocked = tempTree({ 'not-a-directory': 'x' }, 'credlint-xdg-');
    expect(scan(project, { XDG_CACHE_HOME: path.join(blocked, 'not-a-directory') })).toEqual(['root-user-access-key']);

    const shared = tempTree({ 'credlint/': null }, 'credlint-xdg-');
    chmodSync(path.join(shared, 'credlint'), 0o777);
    expect(scan(project, { XDG_CACHE_HOME: shared })).toEqual(['root-user-access-key']);
    expect(entries(path.join(shared, 'credlint'))).toEqual([]);

    const linked = tempTree({ elsewhere: null }, 'credlint-xdg-');
    mkdirSync(path.join(linked, 'home'));
    symlinkSync(path.join(linked, 'elsewhere'), path.join(linked, 'home', 'credlint'));
    expect(scan(project, { XDG_CACHE_HOME: path.join(linked, 'home') })).toEqual(['root-user-access-key']);
    expect(entries(path.join(linked, 'elsewhere'))).toEqual([]);

    // No XDG_CACHE_HOME and a HOME that cannot hold a directory.
    expect(scan(project, { XDG_CACHE_HOME: '', HOME: path.join(blocked, 'not-a-directory') })).toEqual(['root-user-access-key']);
  });

  it('CREDLINT_CODE_CACHE=0 turns it off', () => {
    const project = gitProject(APP);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    expect(scan(project, { XDG_CACHE_HOME: cacheHome, CREDLINT_CODE_CACHE: '0' })).toEqual(['root-user-access-key']);
    expect(entries(path.join(cacheHome, 'credlint'))).toEqual([]);
  });

  it('keeps the directory small: an entry whose package is gone, an abandoned temporary file and, past 16 entries, the least recently used go; nothing else is touched', () => {
    const project = gitProject(APP);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const dir = path.join(cacheHome, 'credlint');
    mkdirSync(dir, { mode: 0o700 });
    const hoursAgo = (hours: number) => (Date.now() - hours * 3_600_000) / 1000;
    const aged = (file: string, hours: number) => utimesSync(file, hoursAgo(hours), hoursAgo(hours));
    /** A stand-in entry for the package at `root` (only its header matters to the pruning), `hours` old. */
    const fake = (root: string, hours: number, magic = 'credlint-code-cache 2'): string => {
      const file = path.join(dir, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.v8cache`);
      const key = JSON.stringify({ package: root, node: process.version, v8: process.versions.v8, arch: process.arch });
      writeFileSync(file, `${magic}\n${key}\n${'0'.repeat(64)}\n[]\n`, { mode: 0o600 });
      aged(file, hours);
      return file;
    };
    const installs = tempTree({}, 'credlint-installs-');
    const install = (name: string) => {
      const root = path.join(installs, name, 'node_modules', 'typescript');
      mkdirSync(root, { recursive: true });
      writeFileSync(path.join(root, 'package.json'), '{}');
      return root;
    };
    const gone = fake(path.join(installs, 'deleted-project', 'node_modules', 'typescript'), 1.5);
    // Twenty installs still on disk, used 2 to 21 hours ago; and an entry of another format, used 1.5 hours ago.
    const live = Array.from({ length: 20 }, (_, at) => fake(install(`project-${String(at)}`), 2 + at));
    const otherFormat = fake(path.join(installs, 'other'), 1.5, 'credlint-code-cache 1');
    const abandoned = path.join(dir, `${'a'.repeat(32)}.v8cache.${'b'.repeat(12)}.tmp`);
    writeFileSync(abandoned, 'partial', { mode: 0o600 });
    aged(abandoned, 2);
    const inProgress = path.join(dir, `${'c'.repeat(32)}.v8cache.${'d'.repeat(12)}.tmp`);
    writeFileSync(inProgress, 'partial', { mode: 0o600 });
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const outside = tempTree({ 'keep.v8cache': 'not the cache’s' }, 'credlint-outside-');
    const linked = path.join(dir, `${'e'.repeat(32)}.v8cache`);
    symlinkSync(path.join(outside, 'keep.v8cache'), linked);

    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);

    expect(existsSync(gone)).toBe(false);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(inProgress)).toBe(true);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(lstatSync(linked).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(outside, 'keep.v8cache'), 'utf8')).toBe('not the cache’s');
    const regular = entries(dir).filter((name) => lstatSync(path.join(dir, name)).isFile());
    expect(regular).toHaveLength(16);
    // The three new entries (typescript's, jsonc-parser's for cdk.json, and credlint's own code's,
    // just written), the other format's and the 12 most recently used installs.
    const fakes = new Set([gone, otherFormat, ...live].map((file) => path.basename(file)));
    const written = regular.filter((name) => !fakes.has(name)).map((name) => packageOf(path.join(dir, name)));
    expect(written).toHaveLength(3);
    expect(written).toEqual(
      expect.arrayContaining([expect.stringMatching(OWN_COPY), expect.stringMatching(/node_modules[\\/]jsonc-parser$/), expect.stringMatching(TYPESCRIPT)]),
    );
    expect(existsSync(otherFormat)).toBe(true);
    expect(live.map((file) => existsSync(file))).toEqual(live.map((_, at) => at < 12));
  });

  it('using an entry marks it as recently used (at most once an hour), so pruning keeps it', () => {
    const { project, cacheHome, file } = scannedOnce(APP, scan, TYPESCRIPT);
    const old = (Date.now() - 3 * 3_600_000) / 1000;
    utimesSync(file, old, old);
    const written = readFileSync(file);
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    expect(statSync(file).mtimeMs).toBeGreaterThan(Date.now() - 600_000);
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('a scan that does not need typescript writes no entry for it, only credlint’s own code’s', () => {
    const project = gitProject(TERRAFORM);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const run = runCli(['--format', 'json', 'main.tf'], project, { XDG_CACHE_HOME: cacheHome });
    expect(run.code).toBe(1);
    const dir = path.join(cacheHome, 'credlint');
    expect(entries(dir).map((name) => packageOf(path.join(dir, name)))).toEqual([expect.stringMatching(OWN_COPY)]);
  });
});

/** A template the yaml package reads (an anchor and its alias are outside the subset credlint reads itself). */
const TEMPLATE = {
  'template.yaml':
    'Resources:\n  Ops:\n    Type: AWS::IAM::User\n  OpsKey:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Ops\n  RootKey:\n    Type: &key AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n  OtherKey:\n    Type: *key\n    Properties:\n      UserName: other\n',
};

/** Scans the template; returns the JSON report (the scan must succeed). */
function scanTemplate(project: string, env: Readonly<Record<string, string>>): string {
  const run = runCli(['--format', 'json', 'template.yaml'], project, env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  return run.stdout;
}

describe.skipIf(nodeHasCompileCache)('the CLI’s code cache for yaml (a package of many CommonJS files)', () => {
  it('one entry holds every file the scan loaded; the second run uses it unchanged, with the report of an uncached run', () => {
    const project = gitProject(TEMPLATE);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const dir = path.join(cacheHome, 'credlint');
    const uncached = scanTemplate(project, { XDG_CACHE_HOME: cacheHome, CREDLINT_CODE_CACHE: '0' });
    expect(uncached).toContain('root-user-access-key');
    expect(scanTemplate(project, { XDG_CACHE_HOME: cacheHome })).toBe(uncached);
    const entry = entryFor(dir, YAML);
    const all = entries(dir).sort();
    expect(all).toHaveLength(2);
    const file = path.join(dir, entry ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file);
    const { header, digest, data } = parts(written);
    const root = String((JSON.parse(header.toString('utf8').split('\n')[1] ?? '') as Record<string, unknown>)['package']);
    expect(root).toMatch(/node_modules[\\/]yaml$/);
    const index = indexOf(data);
    // The package's entry and the files it requires, each with its size.
    expect(index.map((line) => line.file)).toContain(path.join('dist', 'index.js'));
    expect(index.map((line) => line.file)).toContain(path.join('dist', 'compose', 'composer.js'));
    expect(index.length).toBeGreaterThan(30);
    for (const line of index) expect(line.size).toBe(statSync(path.join(root, line.file)).size);
    expect(sha256(data)).toBe(digest);

    expect(scanTemplate(project, { XDG_CACHE_HOME: cacheHome })).toBe(uncached);
    expect(readFileSync(file).equals(written)).toBe(true);
    expect(entries(dir).sort()).toEqual(all);
  });

  it('code listed for one file is never given to another, and a file listed with another size gets fresh code', () => {
    const { project, cacheHome, report, file } = scannedOnce(TEMPLATE, scanTemplate, YAML);
    const { header, data } = parts(readFileSync(file));
    const index = indexOf(data);
    const code = data.subarray(data.indexOf(10) + 1);
    // Every file's code moved to the next file's name (V8 rejects code for another source), and one size off.
    const shifted = index.map((line, at) => ({ ...line, file: (index[(at + 1) % index.length] as IndexLine).file }));
    writeFileSync(file, entryWith(header, [{ ...(shifted[0] as IndexLine), size: (shifted[0] as IndexLine).size + 1 }, ...shifted.slice(1)], code));
    expect(scanTemplate(project, { XDG_CACHE_HOME: cacheHome })).toBe(report);
    const rewritten = parts(readFileSync(file));
    expect(sha256(rewritten.data)).toBe(rewritten.digest);
    expect(indexOf(rewritten.data).map((line) => [line.file, line.size])).toEqual(index.map((line) => [line.file, line.size]));
  });

  it('an entry others can write, or one whose index does not fit its data, is not used', () => {
    const { project, cacheHome, report, file } = scannedOnce(TEMPLATE, scanTemplate, YAML);
    const good = readFileSync(file);
    const { header, data } = parts(good);
    const index = indexOf(data);
    const code = data.subarray(data.indexOf(10) + 1);
    writeFileSync(
      file,
      entryWith(
        header,
        index.map((line) => ({ ...line, length: line.length * 2 })),
        code,
      ),
    );
    expect(scanTemplate(project, { XDG_CACHE_HOME: cacheHome })).toBe(report);
    expect(readFileSync(file).equals(good)).toBe(false);
    expect(sha256(parts(readFileSync(file)).data)).toBe(parts(readFileSync(file)).digest);

    chmodSync(file, 0o666);
    const shared = statSync(file).ino;
    expect(scanTemplate(project, { XDG_CACHE_HOME: cacheHome })).toBe(report);
    // Not trusted, so rewritten: a new file of the user's, 0600, replaced the one others could write.
    expect(statSync(file).ino).not.toBe(shared);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe.skipIf(nodeHasCompileCache)('the CLI’s code cache for credlint’s own code (its CommonJS copy)', () => {
  it('one entry holds the code of every file of the copy any scan loaded: a Terraform scan and a YAML scan each keep the other’s; later runs rewrite nothing', () => {
    const project = gitProject({ ...TERRAFORM, ...TEMPLATE });
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const dir = path.join(cacheHome, 'credlint');
    const env = { XDG_CACHE_HOME: cacheHome };
    const files = (): string[] => indexOf(parts(readFileSync(path.join(dir, entryFor(dir, OWN_COPY) ?? ''))).data).map((line) => line.file);
    const terraform = (): string => runCli(['--format', 'json', 'main.tf'], project, env).stdout;
    const yaml = (): string => scanTemplate(project, env);

    const terraformReport = terraform();
    expect(terraformReport).toContain('root-user-access-key');
    const afterTerraform = files();
    // The command's own module and the Terraform analysis, relative to `dist/cjs`.
    expect(afterTerraform).toContain(path.join('src', 'cli', 'main.js'));
    expect(afterTerraform).toContain(path.join('src', 'formats', 'terraform', 'load-terraform.js'));
    expect(afterTerraform).not.toContain(path.join('src', 'cloudformation', 'parse-yaml-template.js'));

    const yamlReport = yaml();
    const afterYaml = files();
    expect(afterYaml).toContain(path.join('src', 'cloudformation', 'parse-yaml-template.js'));
    expect(afterYaml).toEqual(expect.arrayContaining(afterTerraform));

    const entry = path.join(dir, entryFor(dir, OWN_COPY) ?? '');
    const written = readFileSync(entry);
    expect(terraform()).toBe(terraformReport);
    expect(yaml()).toBe(yamlReport);
    expect(readFileSync(entry).equals(written)).toBe(true);
    // The same reports as runs without the cache.
    const uncached = { XDG_CACHE_HOME: cacheHome, CREDLINT_CODE_CACHE: '0' };
    expect(runCli(['--format', 'json', 'main.tf'], project, uncached).stdout).toBe(terraformReport);
    expect(scanTemplate(project, uncached)).toBe(yamlReport);
  });
});

describe.runIf(nodeHasCompileCache)('Node’s own compile cache (Node 22.1 and later)', () => {
  it('lives in the user’s credlint cache directory', () => {
    const project = gitProject(APP);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    expect(readdirSync(path.join(cacheHome, 'credlint'))).toContain('node-compile-cache');
  });
});

describe.skipIf(nodeHasCompileCache)('relative requires without an extension (jsonc-parser’s UMD build)', () => {
  it('load `<name>.js` through the cache as Node would: the CDK app’s cdk.json is read with jsonc-parser’s files all in its entry', () => {
    const project = gitProject(APP);
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const dir = path.join(cacheHome, 'credlint');
    expect(scan(project, { XDG_CACHE_HOME: cacheHome })).toEqual(['root-user-access-key']);
    const entry = entryFor(dir, /node_modules[\\/]jsonc-parser$/);
    expect(entry).toBeDefined();
    const files = indexOf(parts(readFileSync(path.join(dir, entry ?? ''))).data).map((line) => line.file);
    // main.js requires './impl/format', './impl/parser' and the others without `.js`.
    expect(files).toEqual(
      expect.arrayContaining([path.join('lib', 'umd', 'main.js'), path.join('lib', 'umd', 'impl', 'parser.js'), path.join('lib', 'umd', 'impl', 'scanner.js')]),
    );
  });

  it('leave a specifier to Node where a file stands at the extensionless path (a directory there is tried after the `.js` file), or the specifier has another extension', () => {
    // A package whose index requires './plain' (plain.js only), './both' (a file `both` and `both.js`:
    // Node loads the file without extension), './dir' (a directory `dir/index.js` and `dir.js`: Node
    // loads `dir.js`, a file before a directory) and './data.json'.
    const root = tempTree(
      {
        'node_modules/fake/package.json': '{ "main": "index.js" }',
        'node_modules/fake/index.js':
          "module.exports = [require('./plain'), require('./both'), require('./dir'), require('./data.json').name, require('./plain.js') === require('./plain')];\n",
        'node_modules/fake/plain.js': "module.exports = 'plain.js';\n",
        'node_modules/fake/both': "module.exports = 'both';\n",
        'node_modules/fake/both.js': "module.exports = 'both.js';\n",
        'node_modules/fake/dir.js': "module.exports = 'dir.js';\n",
        'node_modules/fake/dir/index.js': "module.exports = 'dir/index.js';\n",
        'node_modules/fake/data.json': '{ "name": "data.json" }',
        'main.js': '',
      },
      'credlint-fake-package-',
    );
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const cacheModule = path.resolve('dist', 'cjs', 'src', 'core', 'code-cache.js');
    const script = `const c = require(${JSON.stringify(cacheModule)}); c.enableCodeCache(); process.stdout.write(JSON.stringify([c.requireWithCodeCache('fake', ${JSON.stringify(path.join(root, 'main.js'))}), require(${JSON.stringify(path.join(root, 'node_modules', 'fake'))})]));`;
    const expected = ['plain.js', 'both', 'dir.js', 'data.json', true];
    for (let run = 0; run < 2; run++) {
      const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
      // Through the cache, and the same module instances the ordinary require then finds.
      expect(JSON.parse(out)).toEqual([expected, expected]);
    }
    const entry = entryFor(path.join(cacheHome, 'credlint'), /node_modules[\\/]fake$/);
    expect(entry).toBeDefined();
    const files = indexOf(parts(readFileSync(path.join(cacheHome, 'credlint', entry ?? ''))).data).map((line) => line.file);
    expect(files.sort()).toEqual(['dir.js', 'index.js', 'plain.js']);
  });

  it('leave a file reached through a symbolic link to a directory of the package to Node, which names it by its real path: one module, not two', () => {
    // `linked` → `real`: Node loads `./linked/counted.js` as `real/counted.js`, the module `./real/counted.js` already is.
    const root = tempTree(
      {
        'node_modules/fake/package.json': '{ "main": "index.js" }',
        'node_modules/fake/index.js':
          "module.exports = [require('./real/counted.js'), require('./linked/counted.js'), require('./real/other.js'), require('./linked/other.js')];\n",
        'node_modules/fake/real/counted.js': 'globalThis.loads = (globalThis.loads ?? 0) + 1;\nmodule.exports = globalThis.loads;\n',
        'node_modules/fake/real/other.js': 'globalThis.loads = (globalThis.loads ?? 0) + 1;\nmodule.exports = globalThis.loads;\n',
        'main.js': '',
      },
      'credlint-fake-package-',
    );
    symlinkSync(path.join(root, 'node_modules', 'fake', 'real'), path.join(root, 'node_modules', 'fake', 'linked'));
    const cacheHome = tempTree({}, 'credlint-xdg-');
    const cacheModule = path.resolve('dist', 'cjs', 'src', 'core', 'code-cache.js');
    const script = `const c = require(${JSON.stringify(cacheModule)}); c.enableCodeCache(); process.stdout.write(JSON.stringify([c.requireWithCodeCache('fake', ${JSON.stringify(path.join(root, 'main.js'))}), globalThis.loads]));`;
    for (let run = 0; run < 2; run++) {
      const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual([[1, 1, 2, 2], 2]);
    }
    const entry = entryFor(path.join(cacheHome, 'credlint'), /node_modules[\\/]fake$/);
    const files = indexOf(parts(readFileSync(path.join(cacheHome, 'credlint', entry ?? ''))).data).map((line) => line.file);
    expect(files.sort()).toEqual(['index.js', path.join('real', 'counted.js'), path.join('real', 'other.js')]);
  });
});
