import type { Format } from '../core/format-id.js';
import type { KnownParts } from '../core/known-parts.js';
import type { SourceLocation } from '../core/location.js';
import type { SymbolicValue } from '../core/symbolic-value.js';

export type { Format } from '../core/format-id.js';
export type { KnownParts } from '../core/known-parts.js';

/**
 * The one model every loader produces and every rule reads: IAM users, console login profiles and
 * access keys of one deployment unit, as instances (after count/for_each/Condition expansion), each
 * knowing where it came from. Rules never learn which format a fact came from.
 */

/**
 * A value read from the configuration. `known` is false when it could not be evaluated (a required
 * variable without value, `Fn::ImportValue`, a CDK token, an unsupported function); `unknownReason`
 * then says which value was unknown, in words a user recognises (`var.user_name has no value`).
 * `origin` tells whether the value was written or is the provider's default; a defaulted fact's
 * location is the declaration header, a written one's is the attribute.
 */
export type Fact<T> =
  | {
      readonly known: true;
      readonly value: T;
      readonly origin: 'written' | 'defaulted';
      readonly location: SourceLocation;
      /**
       * The value is secret (computed from a Terraform `sensitive` variable or output): it links and
       * compares as any value, but output shows a description, never the value.
       */
      readonly sensitive?: true;
    }
  | {
      readonly known: false;
      readonly unknownReason: string;
      readonly origin: 'written';
      readonly location: SourceLocation;
      /**
       * What is known of a string value although the whole is not (`"admin_${var.id}"` starts with
       * `admin_`): a rule may rule a value out with it (`core/known-parts.ts`), never rule one in.
       */
      readonly knownParts?: KnownParts;
      /**
       * The value, although unknown, is the same as every other value with this symbol's key (a
       * CloudFormation parameter without a value named twice, `core/symbolic-value.ts`): users, login
       * profiles and keys are linked by it.
       */
      readonly symbol?: SymbolicValue;
    };

export function knownFact<T>(value: T, location: SourceLocation, origin: 'written' | 'defaulted' = 'written'): Fact<T> {
  return { known: true, value, origin, location };
}

/** A known value that output must never show (see `Fact.sensitive`). */
export function sensitiveFact<T>(value: T, location: SourceLocation): Fact<T> {
  return { known: true, value, origin: 'written', location, sensitive: true };
}

/** What output shows in place of a sensitive value, as Terraform shows it. */
export const SENSITIVE_VALUE = '(sensitive value)';

export function unknownFact<T>(unknownReason: string, location: SourceLocation, knownParts?: KnownParts, symbol?: SymbolicValue): Fact<T> {
  return {
    known: false,
    unknownReason,
    origin: 'written',
    location,
    ...(knownParts === undefined ? {} : { knownParts }),
    ...(symbol === undefined ? {} : { symbol: { key: symbol.key, text: symbol.text } }),
  };
}

/**
 * How a login profile or key names its user.
 * - `name`: the IAM user name, literal or evaluated (`"ops"`, `aws_iam_user.x.name` when known, `!Ref User`
 *   of a user with a known `UserName`).
 * - `user`: a reference to a declared user whose name is not known as a string (a CloudFormation user
 *   without `UserName`, a Terraform user whose `name` is unknown); `userId` is that user's `id`.
 */
export type UserRef = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'user'; readonly userId: string };

/** What every modelled resource instance has. */
export interface ResourceInstance {
  /** Unique within its unit: the instance address (`module.a.aws_iam_access_key.k[0]`, `Resources.Key`). */
  readonly id: string;
  /** The address shown to users (Terraform instance address, CloudFormation logical id). */
  readonly address: string;
  /** The declaration: a Terraform block header, a CloudFormation resource key, a CDK construct call. */
  readonly location: SourceLocation;
  /**
   * When the instance's existence depends on something unknown (`count = var.n` without a value, a
   * CloudFormation `Condition` that cannot be decided), why. Such instances never produce findings;
   * `--report-unknown` reports them as warnings.
   */
  readonly existenceUnknown?: string;
  /**
   * Set with `existenceUnknown` when this instance is the one placeholder for a block whose number of
   * instances is unknown (a Terraform `count`/`for_each` that is unknown or invalid, or one on an
   * enclosing module call): it may stand for two instances or more, so a rule that counts instances
   * cannot rule a second one out.
   */
  readonly instanceCountUnknown?: true;
  /**
   * Ids of instances of the unit that never exist together with this one, access keys counted only
   * where active, although whether each exists (or a key is active) is unknown: Terraform blocks
   * switched by `count` on conditions that cannot both hold, or blocks whose `for_each` keeps the
   * elements of one collection on such conditions, each instance for the user of its own key;
   * CloudFormation resources and login profiles created under `Condition`s or `Fn::If`, and
   * CloudFormation keys whose `Status` is an `Fn::If`, on conditions that cannot both hold. A rule
   * counting instances never counts both.
   */
  readonly neverWith?: readonly string[];
  /**
   * Ids of instances of the unit of which, whenever this one does not exist (a key: or is not active),
   * that one does (and is), although whether each does is unknown: Terraform blocks of a module instance
   * that exists switched by `count` on conditions one of which always holds (`var.pgp_key != ""` on one
   * key, `var.pgp_key == ""` on another); CloudFormation keys created and active under such conditions
   * (`Condition: HasPgp` and `NoPgp`, `Status: !If [BlueActive, Active, Inactive]` and the reverse). Of
   * two such keys of a user, the user has one active at least.
   */
  readonly complements?: readonly string[];
  /** CDK construct path (`aws:cdk:path`) or CDKTF construct path, when the unit came from a CDK app. */
  readonly constructPath?: string;
  /** Where the source code created this resource (CDK creation stack trace), when known. */
  readonly createdAt?: SourceLocation;
  /** For plan JSON: the planned action (`create`, `update`, `no-op`, `forget`, ...). */
  readonly plannedAction?: string;
  /**
   * Set when the instance stays in the account although its deployment stops managing it (an object a
   * Terraform plan forgets): what output says of it after its address. It still counts, with the user
   * and status it had.
   */
  readonly unmanaged?: string;
  /**
   * The declarations whose preceding line may carry an inline suppression for this instance: the
   * resource itself first, then each enclosing module call (innermost first).
   */
  readonly suppressionAnchors: readonly SourceLocation[];
  /**
   * Suppressions declared in the resource itself (CloudFormation `Metadata.credlint.ignore`), as
   * written; the engine validates them like inline comments.
   */
  readonly declaredSuppressions?: readonly DeclaredSuppression[];
  /**
   * The AWS account the instance is deployed to, where the unit spans accounts: a CDK stack's
   * `env.account` (its own or its stage's), a cloud assembly stack's `environment`, the account of a
   * Terraform `aws` provider configuration (`assume_role`, `allowed_account_ids`). IAM users live in
   * an account, so users of one name in two known, different accounts are two users
   * (`link-credentials.ts`). Absent when the format has one account per unit (a CloudFormation
   * template) or no account is stated (an environment-agnostic stack, deployed to the account of the
   * credentials `cdk deploy` runs with; a Terraform provider without either argument); unknown when an
   * account is given but cannot be evaluated (`process.env.CDK_DEFAULT_ACCOUNT`, a variable without a value).
   */
  readonly account?: Fact<string>;
  /**
   * The CDK app the instance belongs to (its `new App(...)`), where the source of one project creates
   * several: each app is synthesized and deployed on its own, so users of one name in two apps are two
   * users (`link-credentials.ts`). Absent when the unit is one app, or the app cannot be told.
   */
  readonly app?: string;
}

/** One entry of CloudFormation `Metadata: { credlint: { ignore: [{ rule, reason, until? }] } }`. */
export interface DeclaredSuppression {
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** `YYYY-MM-DD`, when given. */
  readonly until: string | undefined;
  readonly location: SourceLocation;
}

export interface IamUser extends ResourceInstance {
  readonly kind: 'user';
  /**
   * The user name. Absent when the name is generated by the deployment engine (a CloudFormation
   * user without `UserName`): then only references reach the user.
   */
  readonly name?: Fact<string>;
}

export interface LoginProfile extends ResourceInstance {
  readonly kind: 'login-profile';
  readonly user: Fact<UserRef>;
}

export interface AccessKey extends ResourceInstance {
  readonly kind: 'access-key';
  readonly user: Fact<UserRef>;
  /** `Active`, `Inactive`, `Expired`, ...; defaulted to `Active` by every format (see each loader). */
  readonly status: Fact<string>;
}

export type CredentialResource = IamUser | LoginProfile | AccessKey;

/**
 * Identities are linked within one deployment unit: a Terraform root module with everything it calls,
 * one CloudFormation template with its nested stacks, one CDK app, one plan.
 */
export interface DeploymentUnit {
  /** Stable and unique within a scan, e.g. `terraform:infra/prod`, `cloudformation:stacks/iam.yaml`. */
  readonly id: string;
  readonly format: Format;
  /** The file or directory the unit was loaded from (absolute). */
  readonly root: string;
  readonly users: readonly IamUser[];
  readonly loginProfiles: readonly LoginProfile[];
  readonly accessKeys: readonly AccessKey[];
  /**
   * Set on a unit that holds only under a condition the code does not decide, saying which (Terraform's
   * reading of a root module whose module tree holds `.tofu` files, beside OpenTofu's unit of the same
   * id): its findings that the other unit does not give are `--report-unknown` warnings saying so.
   */
  readonly onlyWhere?: string;
}
