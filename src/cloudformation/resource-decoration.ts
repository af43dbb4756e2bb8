import type { SourceLocation } from '../core/location.js';
import type { Fact } from '../model/model.js';

/** Per-resource extras a caller can attach (the CDK assembly loader: construct path, creation site). */
export interface ResourceDecoration {
  readonly constructPath?: string;
  readonly createdAt?: SourceLocation;
  /** The account of the CDK stack the resource is in (`load-assemblies.ts`), when the assembly names one. */
  readonly account?: Fact<string>;
  /**
   * The template a CDK nested stack resource deploys, as the assembly's manifest names it (absolute): its
   * `TemplateURL` is an S3 URL built from intrinsics, and without asset metadata nothing in the template names the file.
   */
  readonly nestedTemplate?: string;
}

export type Decorate = (logicalId: string) => ResourceDecoration | undefined;
