/**
 * Which files hold Terraform configuration: `.tf` (native syntax) and `.tf.json` (JSON syntax)
 * (https://developer.hashicorp.com/terraform/language/files), and OpenTofu's `.tofu` and `.tofu.json`,
 * the same language (https://opentofu.org/docs/language/files/).
 *
 * The two engines read a directory holding `.tofu` files differently. OpenTofu reads every file and
 * takes a `.tofu` file instead of the `.tf` file of the same base name (`main.tofu` over `main.tf`,
 * `main.tofu.json` over `main.tf.json`, "Extension Precedence"), so that a module can carry
 * OpenTofu-only code beside the Terraform version. Terraform reads no `.tofu` file at all (checked with
 * `terraform console` 1.11: a local, an override or a syntax error written in a `.tofu` or `.tofu.json`
 * file changes nothing). Which engine deploys a repository is not written in it: OpenTofu's reading
 * decides the findings, and a directory with `.tofu` files is analysed in Terraform's reading too
 * (`filesReadBy`), whose own findings are `--report-unknown` warnings, so that a `main.tofu` beside
 * `main.tf` does not silently hide what Terraform would deploy from `main.tf`.
 */
import { basename, dirname, join } from 'node:path';

const CONFIGURATION = /\.(?:tf|tofu)(?:\.json)?$/;
const JSON_CONFIGURATION = /\.(?:tf|tofu)\.json$/;
/** Native syntax, the files `native/parse-native-hcl.ts` parses. */
const NATIVE_CONFIGURATION = /\.(?:tf|tofu)$/;

/**
 * Terraform and OpenTofu skip a module directory's hidden files, whatever their extension: a
 * `.old.tf` beside `main.tf` is no part of the module (`IsIgnoredFile` in
 * `internal/configs/parser_config_dir.go` of both). The editor backups it also skips (`main.tf~`,
 * `#main.tf#`) never end in a configuration extension.
 */
export function isConfigurationFile(path: string): boolean {
  return CONFIGURATION.test(path) && !basename(path).startsWith('.');
}

/** A configuration file in JSON syntax (`.tf.json`, `.tofu.json`). */
export function isJsonConfigurationFile(name: string): boolean {
  return JSON_CONFIGURATION.test(name);
}

/** A configuration file in the native syntax (`.tf`, `.tofu`). */
export function isNativeConfigurationFile(name: string): boolean {
  return NATIVE_CONFIGURATION.test(name);
}

/** The `.tofu` file that replaces a `.tf` file (and `.tofu.json` a `.tf.json` one), if it is one. */
function tofuAlternative(file: string): string | undefined {
  const name = basename(file);
  if (name.endsWith('.tf.json')) return join(dirname(file), `${name.slice(0, -'.tf.json'.length)}.tofu.json`);
  if (name.endsWith('.tf')) return join(dirname(file), `${name.slice(0, -'.tf'.length)}.tofu`);
  return undefined;
}

/** An OpenTofu-only file (`.tofu`, `.tofu.json`), which Terraform does not read. */
export function isTofuFile(path: string): boolean {
  return path.endsWith('.tofu') || path.endsWith('.tofu.json');
}

/** The engine whose reading of a configuration is analysed (see above). */
export type TerraformEngine = 'opentofu' | 'terraform';

/**
 * The configuration files among `files` that `engine` reads: OpenTofu all but the `.tf` files a `.tofu`
 * twin replaces (`withoutShadowedFiles`), Terraform all but the `.tofu` files. The same list for both
 * when no file is a `.tofu` file.
 */
export function filesReadBy<T extends string>(engine: TerraformEngine, files: readonly T[]): T[] {
  return engine === 'opentofu' ? withoutShadowedFiles(files) : files.filter((file) => !isTofuFile(file));
}

/**
 * The `.tf`/`.tf.json` files among `files` that a `.tofu`/`.tofu.json` twin replaces in OpenTofu's
 * reading (Terraform reads them), each with its twin.
 */
export function filesReplacedByTwins<T extends string>(files: readonly T[]): { file: T; twin: string }[] {
  if (!files.some(isTofuFile)) return [];
  const present = new Set<string>(files);
  return files.flatMap((file) => {
    const twin = tofuAlternative(file);
    return twin !== undefined && present.has(twin) ? [{ file, twin }] : [];
  });
}

/**
 * `files` without the `.tf`/`.tf.json` files that OpenTofu ignores because a `.tofu`/`.tofu.json`
 * file of the same base name sits in the same directory (among `files`). Other files pass unchanged.
 */
export function withoutShadowedFiles<T extends string>(files: readonly T[]): T[] {
  if (!files.some(isTofuFile)) return [...files];
  const present = new Set<string>(files);
  return files.filter((file) => {
    const alternative = tofuAlternative(file);
    return alternative === undefined || !present.has(alternative);
  });
}
