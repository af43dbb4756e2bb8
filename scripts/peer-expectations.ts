/**
 * What other tools expect of the peer fixtures in `../shared/peer-fixtures/` (transcribed from its
 * MANIFEST.md and the peers' expected-result files; facts, not code), and what credlint deliberately
 * reports on the same inputs. `scripts/peer-conformance.ts` runs credlint and prints both side by side.
 */

export type RuleId = 'console-user-with-access-key' | 'multiple-active-access-keys' | 'root-user-access-key';

/** Number of definite findings per credlint rule (rules not listed: none). */
export type Verdict = Readonly<Partial<Record<RuleId, number>>>;

export interface PeerCase {
  /** Path under the peer-fixtures directory; `#<case>` names one case of a multi-case peer test file. */
  readonly input: string;
  readonly peer: string;
  /** The peer's rule and what it checks. */
  readonly peerRule: string;
  /** The credlint rule the peer rule corresponds to; absent for neighbouring rules (passwords, policies). */
  readonly ourRule?: RuleId;
  /** The peer's expectation in its own terms: `positive` / `negative` plus where it reports. */
  readonly peerExpects: string;
  /** Whether the peer reports this input, for `ourRule` (only meaningful when `ourRule` is set). */
  readonly peerPositive?: boolean;
  /** What credlint reports on purpose. */
  readonly ours: Verdict;
  /** Why our verdict for `ourRule` differs from the peer's, or why our other findings are right. */
  readonly why?: string;
}

const C: RuleId = 'console-user-with-access-key';
const M: RuleId = 'multiple-active-access-keys';
const R: RuleId = 'root-user-access-key';

const KICS_CFN_KEYS = 'kics/48677914-6fdf-40ec-80c4-2b0e94079f54__cloudFormation-iam_user_too_many_access_keys';
const KICS_CFN_ROOT = 'kics/4c137350-7307-4803-8c04-17c09a7a9fcf__cloudFormation-root_account_has_active_access_keys';
const KICS_TF_KEYS = 'kics/3561130e-9c5f-485b-9e16-2764c82763e5__terraform-iam_user_too_many_access_keys';
const KICS_TF_EXPOSED = 'kics/7081f85c-b94d-40fd-8b45-a4f1cac75e46__terraform-iam_access_key_is_exposed';
const KICS_TF_ROOT = 'kics/970d224d-b42a-416b-81f9-8f4dfe70c4bc__terraform-root_account_has_active_access_keys';
const KICS_TF_CONSOLE = 'kics/9ec311bf-dfd9-421f-8498-0b063c8bc552__terraform-iam_user_with_access_to_console';
const KICS_CFN_PLAINTEXT = 'kics/06adef8c-c284-4de7-aad2-af43b07a8ca1__cloudFormation-iam_user_login_profile_password_is_in_plaintext';
const KICS_CFN_RESET = 'kics/a964d6e3-8e1e-4d93-8120-61fa640dd55a__cloudFormation-user_iam_missing_password_reset_required';
const KICS_TF_POLICY = 'kics/b592ffd4-0577-44b6-bd35-8c5ee81b5918__terraform-no_password_policy_enabled';

const CONSOLE_ALONE = 'CIS 1.11 is about a console password AND an access key on one user; a console login profile alone is not a finding of ours';
const ONE_PER_USER = 'we report one finding per user (at the key that takes the count past one), the peer one per key';

/** Inputs of neighbouring rules: no IAM access keys in them, so no credlint finding; they test parsing. */
function neighbours(peer: string, peerRule: string, folder: string, inputs: readonly [string, string][]): PeerCase[] {
  return inputs.map(([file, peerExpects]) => ({ input: `${folder}/${file}`, peer, peerRule, peerExpects, ours: {} }));
}

export const PEER_CASES: readonly PeerCase[] = [
  // KICS, CloudFormation, "IAM User Has Too Many Access Keys" (b)
  {
    input: `${KICS_CFN_KEYS}/positive1.yaml`,
    peer: 'kics',
    peerRule: 'IAM User Has Too Many Access Keys (CFN)',
    ourRule: M,
    peerExpects: 'positive: lines 10, 14 (both !Ref myuser keys)',
    peerPositive: true,
    ours: { [M]: 1, [C]: 1 },
    why: `${ONE_PER_USER}; the user also has a LoginProfile, so console-user-with-access-key fires too`,
  },
  {
    input: `${KICS_CFN_KEYS}/positive2.json`,
    peer: 'kics',
    peerRule: 'IAM User Has Too Many Access Keys (CFN)',
    ourRule: M,
    peerExpects: 'positive: lines 5, 20 (literal "myuser" twice)',
    peerPositive: true,
    ours: { [M]: 1 },
    why: `${ONE_PER_USER}. KICS links the literal "myuser" to the logical id myuser; we never do (the user has no UserName, so its name is generated) — the two keys still count as two keys of a user named myuser, and the console user is not linked to them`,
  },
  {
    input: `${KICS_CFN_KEYS}/negative1.yaml`,
    peer: 'kics',
    peerRule: 'IAM User Has Too Many Access Keys (CFN)',
    ourRule: M,
    peerExpects: 'negative (one key, Ref: myuser)',
    peerPositive: false,
    ours: { [C]: 1 },
    why: 'the one key belongs to a user with a LoginProfile: console-user-with-access-key (a rule KICS does not have)',
  },
  {
    input: `${KICS_CFN_KEYS}/negative2.json`,
    peer: 'kics',
    peerRule: 'IAM User Has Too Many Access Keys (CFN)',
    ourRule: M,
    peerExpects: 'negative (one key, Ref: myuser)',
    peerPositive: false,
    ours: { [C]: 1 },
    why: 'the one key belongs to a user with a LoginProfile: console-user-with-access-key (a rule KICS does not have)',
  },
  // KICS, CloudFormation, "Root Account Has Active Access Keys" (c)
  {
    input: `${KICS_CFN_ROOT}/positive1.yaml`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (CFN)',
    ourRule: R,
    peerExpects: 'positive: line 6 (UserName: Root)',
    peerPositive: true,
    ours: { [R]: 1 },
  },
  {
    input: `${KICS_CFN_ROOT}/positive2.json`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (CFN)',
    ourRule: R,
    peerExpects: 'positive: line 7 (UserName: Root)',
    peerPositive: true,
    ours: { [R]: 1 },
  },
  {
    input: `${KICS_CFN_ROOT}/negative1.yaml`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (CFN)',
    ourRule: R,
    peerExpects: 'negative (UserName: MyUser)',
    peerPositive: false,
    ours: {},
  },
  {
    input: `${KICS_CFN_ROOT}/negative2.json`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (CFN)',
    ourRule: R,
    peerExpects: 'negative (UserName: MyUser)',
    peerPositive: false,
    ours: {},
  },
  // KICS, Terraform, "IAM User Has Too Many Access Keys" (b)
  {
    input: `${KICS_TF_KEYS}/positive.tf`,
    peer: 'kics',
    peerRule: 'IAM User Has Too Many Access Keys (TF)',
    ourRule: M,
    peerExpects: 'positive: lines 2, 7',
    peerPositive: true,
    ours: { [M]: 1 },
    why: ONE_PER_USER,
  },
  {
    input: `${KICS_TF_KEYS}/negative.tf`,
    peer: 'kics',
    peerRule: 'IAM User Has Too Many Access Keys (TF)',
    ourRule: M,
    peerExpects: 'negative (one key)',
    peerPositive: false,
    ours: {},
  },
  // KICS, Terraform, "IAM Access Key Is Exposed" (c)
  {
    input: `${KICS_TF_EXPOSED}/positive.tf`,
    peer: 'kics',
    peerRule: 'IAM Access Key Is Exposed (TF)',
    ourRule: R,
    peerExpects: 'positive: lines 2, 7 (root, Active and default status)',
    peerPositive: true,
    ours: { [R]: 2, [M]: 1 },
    why: 'the two root keys are both active, so multiple-active-access-keys fires too',
  },
  {
    input: `${KICS_TF_EXPOSED}/negative.tf`,
    peer: 'kics',
    peerRule: 'IAM Access Key Is Exposed (TF)',
    ourRule: R,
    peerExpects: 'negative (some-user keys; root key Inactive)',
    peerPositive: false,
    ours: { [R]: 1, [M]: 1 },
    why: 'CIS (and AWS FSBP IAM.4) forbid any root access key, whatever its status, so the Inactive root key is reported; option ignoreInactive gives the KICS behaviour. The two active keys of some-user are multiple-active-access-keys',
  },
  // KICS, Terraform, "Root Account Has Active Access Keys" (c)
  {
    input: `${KICS_TF_ROOT}/positive1.tf`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (TF)',
    ourRule: R,
    peerExpects: 'positive: line 2 (user = "root", no status)',
    peerPositive: true,
    ours: { [R]: 1 },
  },
  {
    input: `${KICS_TF_ROOT}/positive2.tf`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (TF)',
    ourRule: R,
    peerExpects: 'positive: line 4 (status = "Active")',
    peerPositive: true,
    ours: { [R]: 1 },
  },
  {
    input: `${KICS_TF_ROOT}/negative.tf`,
    peer: 'kics',
    peerRule: 'Root Account Has Active Access Keys (TF)',
    ourRule: R,
    peerExpects: 'negative (key for aws_iam_user.lb.name)',
    peerPositive: false,
    ours: {},
  },
  // KICS, Terraform, "IAM User With Access To Console" (half of a)
  {
    input: `${KICS_TF_CONSOLE}/positive1.tf`,
    peer: 'kics',
    peerRule: 'IAM User With Access To Console (TF)',
    ourRule: C,
    peerExpects: 'positive: line 2 (any login profile)',
    peerPositive: true,
    ours: {},
    why: CONSOLE_ALONE,
  },
  {
    input: `${KICS_TF_CONSOLE}/negative1.tf`,
    peer: 'kics',
    peerRule: 'IAM User With Access To Console (TF)',
    ourRule: C,
    peerExpects: 'negative (no login profile)',
    peerPositive: false,
    ours: {},
  },
  // Checkov
  {
    input: 'checkov/CKV_AWS_348/main.tf',
    peer: 'checkov',
    peerRule: 'CKV_AWS_348 IAM root user has no access keys',
    ourRule: R,
    peerExpects: 'fail aws_iam_access_key.fail (user = "root"); pass aws_iam_access_key.pass',
    peerPositive: true,
    ours: { [R]: 1 },
  },
  {
    input: 'checkov/CKV2_AWS_22/main.tf',
    peer: 'checkov',
    peerRule: 'CKV2_AWS_22 IAM user has no console access',
    ourRule: C,
    peerExpects: 'fail aws_iam_user.fail (has a login profile); pass aws_iam_user.pass',
    peerPositive: true,
    ours: {},
    why: CONSOLE_ALONE,
  },
  {
    input: 'checkov/CKV_AWS_273/iam.tf',
    peer: 'checkov',
    peerRule: 'CKV_AWS_273 access through SSO, not IAM users',
    peerExpects: 'fail aws_iam_user.bad (every IAM user fails)',
    ours: {},
  },
  // Trivy
  {
    input: 'trivy-checks/AVD-AWS-0141/no_root_access_keys.yaml#terraform.good[0]',
    peer: 'trivy',
    peerRule: 'AVD-AWS-0141 no root access keys',
    ourRule: R,
    peerExpects: 'pass (user lowprivuser)',
    peerPositive: false,
    ours: {},
  },
  {
    input: 'trivy-checks/AVD-AWS-0141/no_root_access_keys.yaml#terraform.bad[0]',
    peer: 'trivy',
    peerRule: 'AVD-AWS-0141 no root access keys',
    ourRule: R,
    peerExpects: 'fail (aws_iam_user named "root" + key by reference)',
    peerPositive: true,
    ours: { [R]: 1 },
  },
  // Neighbouring rules: LoginProfile passwords, password reset, password policy, CloudFormation::Authentication.
  ...neighbours('kics', 'IAM User LoginProfile Password Is In Plaintext (CFN)', KICS_CFN_PLAINTEXT, [
    ['positive1.yaml', 'positive: line 9'],
    ['positive2.json', 'positive: line 9'],
    ['negative1.yaml', 'negative'],
    ['negative2.yaml', 'negative'],
    ['negative3.json', 'negative'],
    ['negative4.json', 'negative'],
  ]),
  ...neighbours('kics', 'IAM User Without Password Reset (CFN)', KICS_CFN_RESET, [
    ['positive1.yaml', 'positive: line 10'],
    ['positive2.yaml', 'positive: line 8'],
    ['positive3.yaml', 'positive: line 6'],
    ['positive4.json', 'positive: line 38'],
    ['positive5.json', 'positive: line 9'],
    ['positive6.json', 'positive: line 7'],
    ['negative1.yaml', 'negative'],
    ['negative2.json', 'negative'],
  ]),
  ...neighbours('kics', 'No Password Policy Enabled (TF)', KICS_TF_POLICY, [
    ['positive.tf', 'positive: lines 5, 16, 23, 30, 31'],
    ['negative.tf', 'negative'],
  ]),
  ...neighbours('cfn_nag', 'F51 IAM user LoginProfile password', 'cfn_nag/F51', [
    ['iam_user_login_profile_password_parameter_with_noecho_and_default_value.yaml', 'fail'],
    ['iam_user_login_profile_password_parameter_as_a_literal_in_plaintext.yaml', 'fail'],
    ['iam_user_login_profile_password_as_a_literal_in_plaintext.yaml', 'fail'],
    ['iam_user_login_profile_password_from_systems_manager.yaml', 'fail'],
    ['iam_user_login_profile_password_not_set.yaml', 'pass'],
    ['iam_user_login_profile_password_parameter_with_noecho.yaml', 'pass'],
    ['iam_user_login_profile_password_from_secrets_manager.yaml', 'pass'],
    ['iam_user_login_profile_password_from_secure_systems_manager.yaml', 'pass'],
  ]),
  ...neighbours('cfn_nag', 'W50 IAM user LoginProfile password reset', 'cfn_nag/W50', [
    ['iam_user_login_profile_password_reset_false.yaml', 'warn'],
    ['iam_user_login_profile_password_reset_required_key_not_defined.yaml', 'warn'],
    ['iam_user_login_profile_password_reset_required_key_nil.yaml', 'warn'],
    ['iam_user_login_profile_password_reset_true.yaml', 'pass'],
    ['iam_user_login_profile_property_not_defined.yaml', 'pass'],
  ]),
  ...neighbours('cfn_nag', 'W1 CloudFormation::Authentication credentials', 'cfn_nag/W1', [
    ['cfn_authentication.json', 'warn'],
    ['cfn_insensitive_authentication.json', 'pass'],
  ]),
  ...neighbours('cfn-lint', 'W2501 password properties', 'cfn-lint/W2501', [
    ['password.yaml', '0 matches'],
    ['properties_password.yaml', '3 matches (RDS)'],
  ]),
];

/**
 * Peer test files holding many cases (cfn-guard unit tests: a list of `{ name, input, expectations }`);
 * every case's `input` template is scanned on its own. All are neighbouring rules without access keys.
 */
export const GUARD_TEST_FILES: readonly { readonly input: string; readonly peerRule: string }[] = [
  {
    input: 'aws-guard-rules-registry/IAM_USER_LOGIN_PROFILE_NO_PLAINTEXT_PASSWORD/iam_user_login_profile_no_plaintext_password_tests.yml',
    peerRule: 'IAM_USER_LOGIN_PROFILE_NO_PLAINTEXT_PASSWORD',
  },
  {
    input: 'aws-guard-rules-registry/IAM_USER_LOGIN_PROFILE_PASSWORD_RESET_RULE/iam_user_login_profile_password_reset_rule_tests.yml',
    peerRule: 'IAM_USER_LOGIN_PROFILE_PASSWORD_RESET_RULE',
  },
  { input: 'aws-guard-rules-registry/CFN_AUTHENTICATION_RULE/cfn_authentication_rule_tests.yml', peerRule: 'CFN_AUTHENTICATION_RULE' },
];
