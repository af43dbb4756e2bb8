import path from 'node:path';
import { ignoreSources } from '../discover/ignore-sources.js';
import { rules as allRules } from '../../rules/index.js';
import type { CredlintConfig } from '../config/load-config.js';
import { enabledRules, type RuleSetting } from '../config/rule-settings.js';
import { serializeJson } from '../reporters/json-chunks.js';

export interface EffectiveInputs {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly vars: readonly (readonly [string, string])[];
  readonly varFiles: readonly string[];
  readonly parameters: Readonly<Record<string, string>>;
  readonly noIgnore: boolean;
  readonly ignorePatterns: readonly string[];
}

const shown = (cwd: string, file: string): string => path.relative(cwd, file).split(path.sep).join('/') || '.';

/**
 * `--print-config <file>`: the configuration a scan of `file` uses, the command line's flags
 * applied over the config file's settings, as JSON: where it came from, whether the file is
 * ignored, every rule's level and options, and the Terraform and CloudFormation inputs.
 */
export function printConfig(file: string, cwd: string, config: CredlintConfig | undefined, inputs: EffectiveInputs): string {
  const enabled = new Map(enabledRules(inputs.rules).map((e) => [e.rule.meta.id, e]));
  const rules = Object.fromEntries(
    allRules.map((rule) => {
      const on = enabled.get(rule.meta.id);
      return [rule.meta.id, on === undefined ? { level: 'off' } : { level: on.severity, options: on.options }];
    }),
  );
  const patterns = config?.ignore ?? [];
  const sources = ignoreSources(
    {
      ignore: config === undefined ? undefined : { base: path.dirname(config.file), patterns },
      ignorePatterns: inputs.ignorePatterns,
      noIgnore: inputs.noIgnore,
    },
    cwd,
  );
  const ignoredBy = sources.ignoredBy(file);
  const effective = {
    file: shown(cwd, file),
    configFile: config === undefined ? null : shown(cwd, config.file),
    ignored: ignoredBy !== undefined,
    ...(ignoredBy === undefined ? {} : { ignoredBy: ignoredBy.pattern }),
    ignore: inputs.noIgnore ? [] : patterns,
    ignorePatterns: inputs.noIgnore ? [] : inputs.ignorePatterns,
    rules,
    varFiles: inputs.varFiles.map((f) => shown(cwd, f)),
    vars: Object.fromEntries(inputs.vars),
    parameters: inputs.parameters,
  };
  // The configuration file is the repository's: its names may spell workflow commands (`serializeJson`).
  return `${serializeJson(effective)}\n`;
}
