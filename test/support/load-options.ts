import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import type { LoadOptions } from '../../src/formats/load-options.js';
import { FileReader } from '../../src/io/file-reader.js';

const TEN_MEGABYTES = 10 * 1024 * 1024;

/**
 * The options a loader gets from a scan of the repository `root` run from it, without variables,
 * parameters, a prefilter or a deadline, and with the default limits: each test overrides what it is
 * about. The reader is bounded by `root` and by `maxFileBytes` unless the test gives its own.
 */
export function loadOptionsFor(root: string, overrides: Partial<LoadOptions> = {}): LoadOptions {
  const maxFileBytes = overrides.maxFileBytes ?? TEN_MEGABYTES;
  return {
    cwd: root,
    repoRoot: root,
    reader: new FileReader([root], maxFileBytes),
    vars: [],
    repositoryVarFiles: [],
    varFiles: [],
    parameters: {},
    env: {},
    prefilter: false,
    maxFileBytes,
    limits: DEFAULT_LIMITS,
    ...overrides,
  };
}
