/**
 * One engine's reading of the Terraform directories of a scan. OpenTofu takes `main.tofu` instead of
 * `main.tf`, Terraform reads no `.tofu` file (`src/terraform/configuration-files.ts`), and nothing in a
 * repository says which of them deploys it: a directory holding a `.tofu` file is analysed as each
 * reads it, so that a `.tofu` file added beside a `.tf` file cannot hide what Terraform deploys from
 * the `.tf` file (README, "OpenTofu"). A directory without `.tofu` files is read alike by both.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import type { FileReader } from '../../io/file-reader.js';
import { filesReadBy, isTofuFile, type TerraformEngine } from '../../terraform/configuration-files.js';
import { listModuleFiles } from '../../terraform/module/read-module-files.js';

export class EngineReading {
  /** Each scanned directory → the scanned files this engine reads, for the directories where it reads one. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** Set once a directory holding a `.tofu` file was read: the other engine may read the scan differently. */
  private tofuSeen: boolean;

  /** `scanned`: each scanned directory → its scanned configuration files, of both engines. */
  constructor(
    readonly engine: TerraformEngine,
    private readonly scanned: ReadonlyMap<string, readonly string[]>,
  ) {
    const groups = new Map<string, readonly string[]>();
    let tofu = false;
    for (const [dir, files] of scanned) {
      tofu ||= files.some(isTofuFile);
      const read = filesReadBy(engine, files);
      if (read.length > 0) groups.set(dir, read);
    }
    this.groups = groups;
    this.tofuSeen = tofu;
  }

  /** Whether a directory holding a `.tofu` file was read (scanned, or listed by `filesOf`). */
  sawTofu(): boolean {
    return this.tofuSeen;
  }

  /** Whether both engines read the scanned directory `dir` alike (it holds no `.tofu` file). */
  readAlike(dir: string): boolean {
    return !(this.scanned.get(dir) ?? []).some(isTofuFile);
  }

  /**
   * The files of module directory `dir` this engine reads: its scanned files, else those listed on
   * disk; undefined when it is missing or holds no configuration file. `onTofu` is called when it
   * holds a `.tofu` file; `outside` is given the notes of a listed directory's symlinks that lead
   * outside the repository (`listModuleFiles`). A directory of `.tofu` files only is an empty module to Terraform, which
   * reads none of them (checked with `terraform console` 1.11: `module.m` is `{}`), not a missing one.
   */
  async filesOf(dir: string, reader: FileReader, onTofu: () => void, outside: (diagnostic: Diagnostic) => void): Promise<readonly string[] | undefined> {
    const scanned = this.scanned.get(dir);
    const listed = scanned === undefined ? await listModuleFiles(dir, reader, this.engine) : undefined;
    const tofu = scanned === undefined ? listed?.tofu === true : scanned.some(isTofuFile);
    if (tofu) {
      this.tofuSeen = true;
      onTofu();
    }
    if (scanned !== undefined) return filesReadBy(this.engine, scanned);
    listed?.outside.forEach(outside);
    if (listed === undefined || (listed.files.length === 0 && !tofu)) return undefined;
    return listed.files;
  }
}
