/**
 * Which files hold Terraform configuration: `.tf` (native syntax) and `.tf.json` (JSON syntax)
 * (https://developer.hashicorp.com/terraform/language/files), and OpenTofu's `.tofu` and `.tofu.json`,
 * the same language (https://opentofu.org/docs/language/files/). OpenTofu reads a module directory's
 * `.tofu` file instead of the `.tf` file of the same base name (`main.tofu` over `main.tf`,
 * `main.tofu.json` over `main.tf.json`), so that a module can carry OpenTofu-only code beside the
 * Terraform version; credlint analyses a module as OpenTofu reads it, since `.tofu` files exist only
 * for OpenTofu.
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

/**
 * `files` without the `.tf`/`.tf.json` files that OpenTofu ignores because a `.tofu`/`.tofu.json`
 * file of the same base name sits in the same directory (among `files`). Other files pass unchanged.
 */
export function withoutShadowedFiles<T extends string>(files: readonly T[]): T[] {
  if (!files.some((file) => file.endsWith('.tofu') || file.endsWith('.tofu.json'))) return [...files];
  const present = new Set<string>(files);
  return files.filter((file) => {
    const alternative = tofuAlternative(file);
    return alternative === undefined || !present.has(alternative);
  });
}
