/**
 * What a scan tells a watcher while it runs (`lint({ observer })`): the CLI's progress line and its
 * `--verbose` listing. Every method is optional and must not throw; the scan's result never depends on it.
 */
export interface ScanObserver {
  /** Counts so far, sent as each step completes. */
  progress?(counts: ScanProgress): void;
  /** A phase of the scan ended (`discover`, `claim`, `load`, `check`, `suppress`). */
  phaseEnded?(phase: string, milliseconds: number): void;
  /** What became of each file the walk found: analysed, or skipped with the reason. */
  filesDecided?(decisions: readonly FileDecision[]): void;
}

export interface ScanProgress {
  /** Files the walk found. */
  readonly filesFound: number;
  /** Files whose content was looked at by the formats' claims (the prefilter reads them). */
  readonly filesRead: number;
  /** Deployment units loaded and checked. */
  readonly unitsAnalysed: number;
}

export interface FileDecision {
  readonly file: string;
  readonly analysed: boolean;
  /** Why a file was skipped. */
  readonly reason?: string;
}
