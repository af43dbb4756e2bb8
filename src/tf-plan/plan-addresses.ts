/**
 * Terraform addresses and references as plan JSON writes them: `module.a["x"].module.b[0]`,
 * `aws_iam_user.u[1]`, `aws_iam_user.u.name`. See
 * https://developer.hashicorp.com/terraform/cli/state/resource-addressing
 */

/** One step of a traversal: an attribute/name, or an instance key (`[0]`, `["x"]`). */
export type Step = { readonly name: string } | { readonly key: string | number };

/** Splits an address or reference into steps; undefined when it is not one. */
export function parseTraversal(text: string): Step[] | undefined {
  const steps: Step[] = [];
  let at = 0;
  const identifier = /[A-Za-z_][A-Za-z0-9_-]*/y;
  while (at < text.length) {
    const char = text[at];
    if (char === '[') {
      const close = closingBracket(text, at);
      if (close === -1) return undefined;
      const inner = text.slice(at + 1, close);
      if (/^\d+$/.test(inner)) steps.push({ key: Number(inner) });
      else {
        try {
          const parsed: unknown = JSON.parse(inner);
          if (typeof parsed !== 'string') return undefined;
          steps.push({ key: parsed });
        } catch {
          return undefined;
        }
      }
      at = close + 1;
      continue;
    }
    if (steps.length > 0) {
      if (char !== '.') return undefined;
      at += 1;
    }
    identifier.lastIndex = at;
    const match = identifier.exec(text);
    if (!match) return undefined;
    steps.push({ name: match[0] });
    at += match[0].length;
  }
  return steps;
}

/** The index of the `]` closing the `[` at `open`, skipping a quoted key (which may hold `]`). */
function closingBracket(text: string, open: number): number {
  let at = open + 1;
  if (text[at] === '"') {
    at += 1;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at += 1;
  }
  return text[at] === ']' ? at : text.indexOf(']', at);
}

export function formatKey(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** The inverse of `parseTraversal`. */
export function formatTraversal(steps: readonly Step[]): string {
  return steps.map((step, i) => ('key' in step ? formatKey(step.key) : i === 0 ? step.name : `.${step.name}`)).join('');
}

/** The module call names of a module instance address: `module.a["x"].module.b` → `["a", "b"]`. */
export function moduleCallPath(moduleAddress: string): string[] | undefined {
  if (moduleAddress === '') return [];
  const steps = parseTraversal(moduleAddress);
  if (!steps) return undefined;
  const names: string[] = [];
  let i = 0;
  while (i < steps.length) {
    const step = steps[i];
    const call = steps[i + 1];
    if (step === undefined || !('name' in step) || step.name !== 'module' || call === undefined || !('name' in call)) return undefined;
    names.push(call.name);
    const after = steps[i + 2];
    i += after !== undefined && 'key' in after ? 3 : 2;
  }
  return names;
}

/** `prefix.rest`, or `rest` in the root module. */
export function inModule(moduleAddress: string, rest: string): string {
  return moduleAddress === '' ? rest : `${moduleAddress}.${rest}`;
}
