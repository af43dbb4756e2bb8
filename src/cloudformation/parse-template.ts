import type { Limits } from '../core/limits.js';
import type { ParsedTemplateFile } from './parse-json-template.js';
import { parseJsonTemplate } from './parse-json-template.js';
import { parseYamlTemplate } from './parse-yaml-template.js';

/**
 * Parses a template file as JSON or YAML. `.json` is JSON; `.yaml`/`.yml` is YAML; a `.template`
 * file (or any other) is JSON when its first character is `{`, else YAML. (JSON is also valid YAML,
 * but JSON parsing is stricter and reports JSON-shaped errors.)
 */
export function parseTemplateText(file: string, text: string, limits: Limits): ParsedTemplateFile {
  if (file.endsWith('.json')) return parseJsonTemplate(file, text, limits);
  if (file.endsWith('.yaml') || file.endsWith('.yml') || !text.trimStart().startsWith('{')) return parseYamlTemplate(file, text, limits);
  // A `.template` file in YAML flow style (`{Resources: {...}}`) also starts with `{`: it is YAML when
  // it is not JSON but parses as YAML.
  const json = parseJsonTemplate(file, text, limits);
  if (json.documents.length > 0 || json.diagnostics.every((d) => !d.message.startsWith('invalid JSON'))) return json;
  const yaml = parseYamlTemplate(file, text, limits);
  return yaml.documents.length > 0 ? yaml : json;
}
