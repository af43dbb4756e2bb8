/**
 * OpenTofu's early evaluation (OpenTofu 1.8): a module call's `source` may be computed from
 * variables and locals, "as long as they are not dependent on resources, data sources or module
 * outputs"; `tofu init` evaluates it before anything else
 * (https://opentofu.org/docs/language/modules/sources/#support-for-variable-and-local-evaluation).
 * A root module's variables have the values the scan gives them (defaults, tfvars, `--var`), as
 * `tofu init` reads them; a called module's are its call's arguments, evaluated the same way in the
 * caller, once per call (never per instance: `count.index` and `each` are not known there). A
 * sensitive or ephemeral value is refused, as OpenTofu refuses it. Terraform reads such a `source`
 * only from Terraform 1.15, and only from variables declared `const`, whose values are the same.
 */
import { referencesInJson } from '../expr/references.js';
import { isSensitive, isUnknown, unmark, type TfValue } from '../expr/value.js';
import { isLocalSource, type ModuleConfig, type ModuleCallDecl } from './module-config.js';
import { ModuleInstance } from './module-instance.js';
import { declLocation } from './declaration-location.js';
import type { RunContext } from './run-context.js';
import { MODULE_META } from './module-config.js';
import type { StaticModule } from './module-tree.js';

/** The early view of `config`, whose variables take `inputs`. */
export function staticModule(config: ModuleConfig, inputs: ReadonlyMap<string, () => TfValue>, run: RunContext): StaticModule {
  const instance = new ModuleInstance({
    tree: { config, key: '', children: new Map(), refused: new Map() },
    addressPrefix: '',
    inputs,
    anchors: [],
    existenceUnknown: undefined,
    run,
    staticOnly: true,
  });
  const at = (call: ModuleCallDecl, argument: string) => declLocation(call, `module.${call.name}.${argument}`);
  return {
    source(call) {
      const value = instance.evaluate(call.body['source'], {}, at(call, 'source'));
      if (isUnknown(value)) return { unknown: value.reason };
      if (isSensitive(value)) return { unknown: 'it is derived from a sensitive value, which tofu init refuses' };
      const plain = unmark(value);
      return typeof plain === 'string' ? { value: plain } : { unknown: 'it is not a string' };
    },
    child(call, childConfig) {
      const childInputs = new Map<string, () => TfValue>();
      for (const [name, written] of Object.entries(call.body)) {
        if (!MODULE_META.has(name)) childInputs.set(name, () => instance.evaluate(written, {}, at(call, name)));
      }
      return staticModule(childConfig, childInputs, run);
    },
  };
}

/** A quoted local path inside an expression's text (`"./modules/a"`), as written in a template's interpolation. */
const QUOTED_LOCAL_PATH = /"(\.\.?\/[^"\\$%]*)"/g;

/**
 * The local paths a computed `source` may take whatever the variables' values: the literals
 * (`"./modules/a"`) written in it and in the locals and variable defaults it reads, transitively. A
 * directory named so is one the configuration calls (README, "OpenTofu"), so it is never analysed as
 * a root module of its own with inputs no call gives it.
 */
export function sourceCandidates(config: ModuleConfig, call: ModuleCallDecl): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('${') && !value.includes('%{') && isLocalSource(value)) found.add(value);
      for (const match of value.matchAll(QUOTED_LOCAL_PATH)) if (match[1] !== undefined) found.add(match[1]);
      for (const ref of referencesInJson(value)) {
        const key = `${ref.kind}.${'name' in ref ? ref.name : ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (ref.kind === 'local') visit(config.locals.get(ref.name)?.value);
        if (ref.kind === 'var') visit(config.variables.get(ref.name)?.default);
      }
    } else if (Array.isArray(value)) {
      for (const item of value as unknown[]) visit(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(call.body['source']);
  return [...found];
}
