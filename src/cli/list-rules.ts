import type { RuleMeta } from '../core/rule-meta.js';

/** One rule as `--list-rules --format json` gives it. */
function ruleEntry(meta: RuleMeta) {
  return {
    id: meta.id,
    title: meta.title,
    defaultSeverity: meta.defaultSeverity,
    mappings: meta.mappings.map((m) => ({ framework: m.framework, versions: m.versions, control: m.control })),
    formats: meta.formats,
    options: meta.defaultOptions,
  };
}

export function rulesJson(rules: readonly RuleMeta[]): string {
  return `${JSON.stringify(rules.map(ruleEntry), null, 2)}\n`;
}

/** `--list-rules`: a table of id, default severity and title, each rule's controls and formats beneath it. */
export function rulesTable(rules: readonly RuleMeta[]): string {
  const idWidth = Math.max(2, ...rules.map((r) => r.id.length));
  const header = `${'ID'.padEnd(idWidth)}  SEVERITY  TITLE`;
  const blocks = rules.map((meta) => {
    const frameworks = [...new Set(meta.mappings.map((m) => m.framework))];
    const controls = frameworks
      .map(
        (framework) =>
          `${framework}: ${meta.mappings
            .filter((m) => m.framework === framework)
            .map((m) => `${m.control} (${m.versions})`)
            .join(', ')}`,
      )
      .join('; ');
    return [
      `${meta.id.padEnd(idWidth)}  ${meta.defaultSeverity.padEnd(8)}  ${meta.title}`,
      `${' '.repeat(idWidth + 2)}controls: ${controls || 'none'}`,
      `${' '.repeat(idWidth + 2)}formats: ${meta.formats.join(', ')}`,
    ].join('\n');
  });
  return `${[header, ...blocks].join('\n')}\n`;
}
