/**
 * A module call with a `version` argument must name a module registry package: `terraform init` reads
 * its `source` as `[<hostname>/]<namespace>/<name>/<system>[//<subdirectory>]` and refuses anything
 * else ("Invalid registry module source address"), so such a call can never be installed, however
 * often `terraform init` runs (https://developer.hashicorp.com/terraform/language/modules/sources#terraform-registry,
 * https://developer.hashicorp.com/terraform/language/modules/syntax#version).
 *
 * `registrySourceRefusal` says why a source is certainly no registry address, or nothing where it may be
 * one. It decides only what needs no hostname normalization: a hostname with a character outside ASCII
 * may become a valid one under IDNA rules (a full-width dot is a dot), so it is taken as possibly valid.
 */
import { posix } from 'node:path';

/** A namespace or module name: letters, digits, `-` and `_`, at most 64, neither `-` nor `_` first or last. */
const REGISTRY_NAME = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
/** The target system (historically the provider): lowercase letters and digits only. */
const TARGET_SYSTEM = /^[0-9a-z]{1,64}$/;
/** Hosts that serve version control downloads, which Terraform refuses as module registries. */
const VCS_HOSTS: ReadonlySet<string> = new Set(['github.com', 'bitbucket.org']);

/**
 * The package address and `//` subdirectory of a source, as Terraform splits them: the first `//`
 * after any `scheme://` and before any `?` starts the subdirectory, and a query moves back onto the address.
 */
function splitSubdirectory(source: string): { address: string; subdirectory: string } {
  const queryAt = source.indexOf('?');
  const stop = queryAt === -1 ? source.length : queryAt;
  const schemeAt = source.slice(0, stop).indexOf('://');
  const offset = schemeAt === -1 ? 0 : schemeAt + 3;
  const slashes = source.slice(offset, stop).indexOf('//');
  if (slashes === -1) return { address: source, subdirectory: '' };
  const at = offset + slashes;
  let subdirectory = source.slice(at + 2);
  let address = source.slice(0, at);
  const subQuery = subdirectory.indexOf('?');
  if (subQuery !== -1) {
    address += subdirectory.slice(subQuery);
    subdirectory = subdirectory.slice(0, subQuery);
  }
  return { address, subdirectory };
}

/** Why `source` is certainly not a module registry address, or undefined when it is, or may be, one. */
export function registrySourceRefusal(source: string): string | undefined {
  const { address, subdirectory } = splitSubdirectory(source);
  if (subdirectory !== '' && posix.normalize(subdirectory).startsWith('../')) return 'its subdirectory leads outside the package';
  const parts = address.split('/');
  if (parts.length !== 3 && parts.length !== 4) return 'a registry address has three or four slash-separated parts';
  let rest = parts;
  if (parts.length === 4) {
    const host = parts[0] ?? '';
    const ascii = /^[\x00-\x7f]*$/.test(host);
    if (ascii && !host.includes('.')) return `its hostname "${host}" has no dot`;
    if (VCS_HOSTS.has(host.toLowerCase())) return `${host.toLowerCase()} serves version control downloads, not a module registry`;
    rest = parts.slice(1);
  }
  const [namespace = '', name = '', system = ''] = rest;
  if (!REGISTRY_NAME.test(namespace)) {
    return namespace.includes('.') ? `"${namespace}" reads as a hostname, which three parts must follow` : `"${namespace}" is no namespace`;
  }
  if (!REGISTRY_NAME.test(name)) return `"${name}" is no module name`;
  if (!TARGET_SYSTEM.test(system)) return `"${system}" is no target system (lowercase letters and digits)`;
  return undefined;
}
