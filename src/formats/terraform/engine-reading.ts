/**
 * One engine's reading of the Terraform directories of a scan. OpenTofu takes `main.tofu` instead of
 * `main.tf`, Terraform reads no `.tofu` file (`src/terraform/configuration-files.ts`), and nothing in a
 * repository says which of them deploys it. OpenTofu's reading decides the findings; a directory
 * holding a `.tofu` file is analysed in Terraform's reading too, whose findings that OpenTofu's does
 * not give are unknown-kind warnings (`--report-unknown`), and each `.tf` file a twin replaces gets a
 * note (`twinNotes`), so that a `.tofu` file added beside a `.tf` file does not silently hide what
 * Terraform would deploy from it (README, "OpenTofu and Terraform read a directory differently").
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import type { FileReader } from '../../io/file-reader.js';
import { filesReadBy, isTofuFile, type TerraformEngine } from '../../terraform/configuration-files.js';
import { listModuleFiles } from '../../terraform/module/read-module-files.js';
import { twinNotes } from './twin-notes.js';

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
   * disk; undefined when it is missing or holds no configuration file. `onTofu` is given its `.tofu`
   * files when it holds any; `report` is given the notes of a listed directory's symlinks that lead
   * outside the repository (`listModuleFiles`) and, in OpenTofu's reading, those of its files a twin
   * replaces (`twinNotes`; a scanned directory's are noted by the claim). A directory of `.tofu` files only is an empty module to Terraform, which
   * reads none of them (checked with `terraform console` 1.11: `module.m` is `{}`), not a missing one.
   */
  async filesOf(
    dir: string,
    reader: FileReader,
    onTofu: (tofuFiles: readonly string[]) => void,
    report: (diagnostic: Diagnostic) => void,
  ): Promise<readonly string[] | undefined> {
    const scanned = this.scanned.get(dir);
    const listed = scanned === undefined ? await listModuleFiles(dir, reader, this.engine) : undefined;
    const tofuFiles = (scanned ?? listed?.all ?? []).filter(isTofuFile);
    if (tofuFiles.length > 0) {
      this.tofuSeen = true;
      onTofu(tofuFiles);
    }
    if (scanned !== undefined) return filesReadBy(this.engine, scanned);
    listed?.outside.forEach(report);
    if (listed !== undefined && this.engine === 'opentofu') twinNotes(listed.all).forEach(report);
    if (listed === undefined || (listed.files.length === 0 && tofuFiles.length === 0)) return undefined;
    return listed.files;
  }
}
