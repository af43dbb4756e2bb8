import { describe, expect, it } from 'vitest';
import { isConfigurationFile, isJsonConfigurationFile, withoutShadowedFiles } from '../../src/terraform/configuration-files.js';

// https://opentofu.org/docs/language/files/ ("Extension Precedence").
describe('Terraform and OpenTofu configuration files', () => {
  it.each([
    ['main.tf', true, false],
    ['main.tf.json', true, true],
    ['main.tofu', true, false],
    ['main.tofu.json', true, true],
    ['terraform.tfvars', false, false],
    ['main.tofu.bak', false, false],
  ])('%s', (name, configuration, json) => {
    expect(isConfigurationFile(name)).toBe(configuration);
    expect(isJsonConfigurationFile(name)).toBe(json);
  });

  // internal/configs/parser_config_dir.go, IsIgnoredFile (Terraform and OpenTofu alike).
  it.each(['.old.tf', '/m/.old.tf', '.main.tf.json', '/m/.keys.tofu', '.x.tofu.json'])('skips the hidden file %s', (name) => {
    expect(isConfigurationFile(name)).toBe(false);
  });

  it.each(['/m/.hidden-dir/main.tf', 'old.tf', '/m/a.b.tf'])('reads %s', (name) => {
    expect(isConfigurationFile(name)).toBe(true);
  });

  it('drops x.tf beside x.tofu and x.tf.json beside x.tofu.json, in the same directory only', () => {
    const files = ['/m/a.tf', '/m/a.tofu', '/m/b.tf.json', '/m/b.tofu.json', '/m/c.tf', '/m/c.tofu.json', '/m/d.tf.json', '/m/d.tofu', '/n/a.tf'];
    expect(withoutShadowedFiles(files)).toEqual(['/m/a.tofu', '/m/b.tofu.json', '/m/c.tf', '/m/c.tofu.json', '/m/d.tf.json', '/m/d.tofu', '/n/a.tf']);
  });

  it('keeps everything when there is no .tofu file', () => {
    expect(withoutShadowedFiles(['/m/a.tf', '/m/a.tf.json'])).toEqual(['/m/a.tf', '/m/a.tf.json']);
  });
});
