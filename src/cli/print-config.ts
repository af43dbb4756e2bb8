import path from 'node:path';
import { ignoreMatcher } from '../discover/ignore-matcher.js';
import { rules as allRules } from '../../rules/index.js';
import type { CredlintConfig } from '../config/load-config.js';
import { enabledRules, type RuleSetting } from '../config/rule-settings.js';
import { boundIgnorePatterns } from '../discover/bounded-ignore-patterns.js';

export interface EffectiveInputs {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly vars: readonly (readonly [string, string])[];
  readonly varFiles: readonly string[];
  readonly parameters: Readonly<Record<string, string>>;
  readonly noIgnore: boolean;
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
  let ignoredBy: string | undefined;
  if (config !== undefined && !inputs.noIgnore) {
    const base = path.dirname(config.file);
    const relative = path.relative(base, file).split(path.sep).join('/');
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      const bounded = boundIgnorePatterns(
        patterns.flatMap((p) => p.split(/\r?\n/)),
        base,
      );
      const test = ignoreMatcher().add(bounded.patterns).test(relative);
      if (test.ignored) ignoredBy = test.rule?.pattern ?? '';
    }
  }
  const effective = {
    file: shown(cwd, file),
    configFile: config === undefined ? null : shown(cwd, config.file),
    ignored: ignoredBy !== undefined,
    ...(ignoredBy === undefined ? {} : { ignoredBy }),
    ignore: inputs.noIgnore ? [] : patterns,
    rules,
    varFiles: inputs.varFiles.map((f) => shown(cwd, f)),
    vars: Object.fromEntries(inputs.vars),
    parameters: inputs.parameters,
  };
  return `${JSON.stringify(effective, null, 2)}\n`;
}
