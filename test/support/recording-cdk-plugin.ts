/** `CredlintPlugin` keeping every report it gave the CDK, so tests can compare them with the CLI's findings. */
import { CredlintPlugin } from '../../src/cdk/index.js';

export type PluginReport = ReturnType<CredlintPlugin['validate']>;

export class RecordingPlugin extends CredlintPlugin {
  readonly reports: PluginReport[] = [];
  override validate(context: Parameters<CredlintPlugin['validate']>[0]): PluginReport {
    const report = super.validate(context);
    this.reports.push(report);
    return report;
  }
}
