/**
 * A baseline file that cannot be used (README, "Baselines"): the CLI reports it as a usage error. Its
 * own module, so that the CLI can recognise it without loading the baseline code, which a scan
 * without `--baseline` or `--write-baseline` never runs (README, "Performance").
 */
export class BaselineError extends Error {}
