/**
 * A CDK app in another language than JavaScript, for the tests of `credlint cdk-app`: aws-cdk-lib for
 * Python is not installed here, so the script writes the cloud assembly itself, as the jsii synthesizer
 * of every CDK language writes it.
 */
import { spawnSync } from 'node:child_process';

/** Whether `python3` runs here; the Python cases are skipped without it. */
export const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/**
 * What a CDK app in Python, Java, C# or Go leaves in `$CDK_OUTDIR` (through jsii, the same
 * aws-cdk-lib synthesizer): `manifest.json` naming each stack's template, the template with
 * `aws:cdk:path` metadata, and the construct paths' logical ids. User "ana" has a console password
 * and an access key; argv[1] `suppress` adds credlint's Metadata suppression (`add_metadata`),
 * `fail` makes the app fail before it writes anything.
 */
export const PYTHON_APP = String.raw`import json, os, sys

mode = sys.argv[1] if len(sys.argv) > 1 else ""
if mode == "fail":
    print("app.py: cannot resolve context value 'vpc-id'", file=sys.stderr)
    sys.exit(3)
# The CDK CLI's environment reaches the app unchanged.
assert "CDK_CONTEXT_JSON" in os.environ, "no CDK context"
outdir = os.environ["CDK_OUTDIR"]
key_metadata = {"aws:cdk:path": "People/Key/Resource"}
if mode == "suppress":
    key_metadata["credlint"] = {"ignore": [{"rule": "console-user-with-access-key", "reason": "break-glass user, key in the vault"}]}
template = {
    "Resources": {
        "AnaF3A1C2D4": {
            "Type": "AWS::IAM::User",
            "Properties": {"UserName": "ana", "LoginProfile": {"Password": "initial-Passw0rd!", "PasswordResetRequired": True}},
            "Metadata": {"aws:cdk:path": "People/Ana/Resource"},
        },
        "Key9E2D1F00": {
            "Type": "AWS::IAM::AccessKey",
            "Properties": {"UserName": {"Ref": "AnaF3A1C2D4"}},
            "Metadata": key_metadata,
        },
    }
}
manifest = {
    "version": os.environ.get("CDK_CLI_ASM_VERSION", "36.0.0"),
    "artifacts": {
        "People": {
            "type": "aws:cloudformation:stack",
            "environment": "aws://unknown-account/unknown-region",
            "properties": {"templateFile": "People.template.json", "validateOnSynth": False},
            "displayName": "People",
            "metadata": {
                "/People/Ana/Resource": [{"type": "aws:cdk:logicalId", "data": "AnaF3A1C2D4"}],
                "/People/Key/Resource": [{"type": "aws:cdk:logicalId", "data": "Key9E2D1F00"}],
            },
        }
    },
}
with open(os.path.join(outdir, "People.template.json"), "w") as f:
    json.dump(template, f, indent=1)
with open(os.path.join(outdir, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1)
print("synthesized People", file=sys.stderr)
`;
