import type { ParsedTemplateFile } from './parse-json-template.js';
import { parseJsonTemplate } from './parse-json-template.js';
import { parseYamlTemplate } from './parse-yaml-template.js';

/**
 * Parses a template file as JSON or YAML. `.json` is JSON; `.yaml`/`.yml` is YAML; a `.template`
 * file (or any other) is JSON when its first character is `{`, else YAML. (JSON is also valid YAML,
 * but JSON parsing is stricter and reports JSON-shaped errors.)
 */
export function parseTemplateText(file: string, text: string): ParsedTemplateFile {
  const json = file.endsWith('.json') || (!file.endsWith('.yaml') && !file.endsWith('.yml') && text.trimStart().startsWith('{'));
  return json ? parseJsonTemplate(file, text) : parseYamlTemplate(file, text);
}
