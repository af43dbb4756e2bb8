import { describe, expect, it } from 'vitest';
import { filesReadBy, isConfigurationFile, isJsonConfigurationFile, isTofuFile, withoutShadowedFiles } from '../../src/terraform/configuration-files.js';

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

  // Terraform reads no .tofu file (terraform console 1.11: a local or an override in one is not seen).
  it('gives each engine its reading of a directory', () => {
    const files = ['/m/main.tf', '/m/main.tofu', '/m/override.tofu', '/m/b.tf.json', '/m/b.tofu.json', '/m/vars.tf'];
    expect(filesReadBy('opentofu', files)).toEqual(['/m/main.tofu', '/m/override.tofu', '/m/b.tofu.json', '/m/vars.tf']);
    expect(filesReadBy('terraform', files)).toEqual(['/m/main.tf', '/m/b.tf.json', '/m/vars.tf']);
    expect(files.filter(isTofuFile)).toEqual(['/m/main.tofu', '/m/override.tofu', '/m/b.tofu.json']);
  });

  it('reads alike for both engines without a .tofu file', () => {
    const files = ['/m/a.tf', '/m/a.tf.json'];
    expect(filesReadBy('terraform', files)).toEqual(files);
    expect(filesReadBy('opentofu', files)).toEqual(files);
  });
});
