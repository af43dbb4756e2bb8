import type { JsonNode } from '../core/json-tree.js';
import { elements, entries, property, stringValue } from './json-tree.js';
import { formatKey, formatTraversal, inModule, moduleCallPath, parseTraversal, type Step } from './plan-addresses.js';

/**
 * Follows `configuration` expression references to the `aws_iam_user` instance an attribute refers to,
 * for a key or login profile whose `user` is unknown at plan time. Plan JSON lists, per expression, the
 * objects it references (`["aws_iam_user.x.name", "aws_iam_user.x"]`), not the expression itself; see
 * https://developer.hashicorp.com/terraform/internals/json-format#expression-representation.
 * Variables are followed into the calling module's arguments and module outputs into the called
 * module's output expression. Locals are not in plan JSON, so a user reached through a local stays
 * unknown.
 */
export type UserResolution = { readonly userAddress: string } | { readonly reason: string };

const MAX_DEPTH = 32;

export class PlanReferences {
  /**
   * Resolutions already made: module outputs that refer to several outputs of the next module each
   * would otherwise be followed once per path, 2^n times for n modules.
   */
  private readonly memo = new Map<string, UserResolution>();
  private steps = 0;
  /** Set when the `planReferenceSteps` budget ran out: some references were not followed. */
  exhausted = false;

  constructor(
    private readonly configuration: JsonNode | undefined,
    /** Addresses of the `aws_iam_user` instances that exist after apply. */
    private readonly users: ReadonlySet<string>,
    private readonly maxSteps: number,
  ) {}

  /** Whether the configuration of a resource writes `attribute` (any expression, known or not). */
  writes(moduleAddress: string, resourceAddress: string, attribute: string): boolean | undefined {
    if (this.configuration === undefined) return undefined;
    return property(this.expressions(moduleAddress, resourceAddress), attribute) !== undefined;
  }

  /** The user instance that `attribute` of resource `type.name` in module instance `moduleAddress` refers to. */
  resolveUser(moduleAddress: string, resourceAddress: string, index: string | number | undefined, attribute: string): UserResolution {
    if (this.configuration === undefined) return { reason: 'the plan has no configuration to follow' };
    const references = this.references(property(this.expressions(moduleAddress, resourceAddress), attribute));
    if (references === undefined) return { reason: `the configuration of ${resourceAddress} has no ${attribute} expression` };
    return this.resolve(references, moduleAddress, index, 0);
  }

  private moduleConfig(moduleAddress: string): JsonNode | undefined {
    const calls = moduleCallPath(moduleAddress);
    if (calls === undefined) return undefined;
    let module = property(this.configuration, 'root_module');
    for (const call of calls) module = property(property(property(module, 'module_calls'), call), 'module');
    return module;
  }

  private expressions(moduleAddress: string, resourceAddress: string): JsonNode | undefined {
    const resource = elements(property(this.moduleConfig(moduleAddress), 'resources')).find((r) => stringValue(property(r, 'address')) === resourceAddress);
    return property(resource, 'expressions');
  }

  private references(expression: JsonNode | undefined): string[] | undefined {
    const list = property(expression, 'references');
    if (list === undefined) return undefined;
    return elements(list).flatMap((r) => stringValue(r) ?? []);
  }

  /**
   * `index` is the instance key of the referring resource (or module call); it selects the user
   * instance with the same key when the expression uses `count.index`/`each.key` (or `indexed`).
   */
  private resolve(references: readonly string[], moduleAddress: string, index: string | number | undefined, depth: number, indexed = false): UserResolution {
    const key = JSON.stringify([references, moduleAddress, index ?? null, depth, indexed]);
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.steps += 1;
    if (this.steps > this.maxSteps) {
      this.exhausted = true;
      return { reason: 'the planReferenceSteps limit is reached' };
    }
    const result = this.resolveUncached(references, moduleAddress, index, depth, indexed);
    this.memo.set(key, result);
    return result;
  }

  private resolveUncached(
    references: readonly string[],
    moduleAddress: string,
    index: string | number | undefined,
    depth: number,
    indexed: boolean,
  ): UserResolution {
    if (depth > MAX_DEPTH) return { reason: 'references nest too deeply' };
    const perInstance = indexed || references.some((r) => r === 'count.index' || r === 'each.key' || r === 'each.value');
    const found = new Set<string>();
    const reasons: string[] = [];
    for (const reference of references) {
      const steps = parseTraversal(reference);
      if (steps === undefined) continue;
      const result = this.resolveOne(steps, reference, moduleAddress, perInstance ? index : undefined, depth);
      if (result === undefined) continue;
      if ('userAddress' in result) found.add(result.userAddress);
      else reasons.push(result.reason);
    }
    // Terraform lists a reference and its prefixes (`aws_iam_user.x.name`, `aws_iam_user.x`): they
    // resolve to the same instance. Two different users (a conditional expression) cannot be decided.
    if (found.size === 1) return { userAddress: [...found][0] ?? '' };
    if (found.size > 1) return { reason: `it refers to several users (${[...found].sort().join(', ')})` };
    return { reason: reasons[0] ?? `it refers to no aws_iam_user (${references.join(', ') || 'no references'})` };
  }

  private resolveOne(
    steps: readonly Step[],
    reference: string,
    moduleAddress: string,
    index: string | number | undefined,
    depth: number,
  ): UserResolution | undefined {
    const [first, second, third] = steps;
    if (first === undefined || !('name' in first) || second === undefined || !('name' in second)) return undefined;
    if (first.name === 'aws_iam_user') {
      const base = inModule(moduleAddress, `aws_iam_user.${second.name}`);
      if (third !== undefined && 'key' in third) {
        const address = base + formatKey(third.key);
        return this.users.has(address) ? { userAddress: address } : { reason: `${address} does not exist after apply` };
      }
      if (this.users.has(base)) return { userAddress: base };
      if (index !== undefined && this.users.has(base + formatKey(index))) return { userAddress: base + formatKey(index) };
      const instances = [...this.users].filter((u) => u.startsWith(`${base}[`));
      return instances.length === 0 ? { reason: `${base} does not exist after apply` } : { reason: `${reference} has several instances` };
    }
    if (first.name === 'var') return this.resolveVariable(second.name, moduleAddress, depth);
    if (first.name === 'module') return this.resolveOutput(steps, moduleAddress, depth);
    return undefined;
  }

  /** `var.v` inside module instance `module.m[k]`: the argument `v` of the call, evaluated in the caller. */
  private resolveVariable(variable: string, moduleAddress: string, depth: number): UserResolution | undefined {
    const steps = parseTraversal(moduleAddress);
    if (steps === undefined || steps.length < 2) return { reason: `var.${variable} of the root module is not a reference to a user` };
    const last = steps[steps.length - 1];
    const key = last !== undefined && 'key' in last ? last.key : undefined;
    const callStep = steps[steps.length - (key === undefined ? 1 : 2)];
    if (callStep === undefined || !('name' in callStep)) return undefined;
    const parent = formatTraversal(steps.slice(0, steps.length - (key === undefined ? 2 : 3)));
    const call = property(property(this.moduleConfig(parent), 'module_calls'), callStep.name);
    const references = this.references(property(property(call, 'expressions'), variable));
    if (references === undefined) return { reason: `var.${variable} of ${moduleAddress} is not set from a reference` };
    return this.resolve(references, parent, key, depth + 1);
  }

  /** `module.m.out` (or `module.m[k].out`): the output's expression, evaluated in the called module. */
  private resolveOutput(steps: readonly Step[], moduleAddress: string, depth: number): UserResolution | undefined {
    const [, call, maybeKey, maybeOutput, outputKey] = steps;
    if (call === undefined || !('name' in call)) return undefined;
    const key = maybeKey !== undefined && 'key' in maybeKey ? maybeKey.key : undefined;
    const output = key === undefined ? maybeKey : maybeOutput;
    if (output === undefined || !('name' in output)) return undefined;
    // `module.m.out["k"]` of an output that maps a for_each resource's instances: instance `["k"]`.
    const subscript = key === undefined ? maybeOutput : outputKey;
    const element = subscript !== undefined && 'key' in subscript ? subscript.key : undefined;
    const childAddress = inModule(moduleAddress, `module.${call.name}${key === undefined ? '' : formatKey(key)}`);
    const callConfig = property(property(this.moduleConfig(moduleAddress), 'module_calls'), call.name);
    if (key === undefined && (property(callConfig, 'count_expression') !== undefined || property(callConfig, 'for_each_expression') !== undefined)) {
      return { reason: `module.${call.name} has several instances` };
    }
    const outputs = entries(property(property(callConfig, 'module'), 'outputs'));
    const expression = outputs.find(([name]) => name === output.name)?.[1];
    const references = this.references(property(expression, 'expression'));
    if (references === undefined) return { reason: `output ${output.name} of module.${call.name} is not a reference` };
    return this.resolve(references, childAddress, element, depth + 1, element !== undefined);
  }
}
