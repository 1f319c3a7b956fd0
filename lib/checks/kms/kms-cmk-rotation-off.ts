import type { CheckResult } from "../types";
import { defineCheck } from "../types";

export default defineCheck({
  id: "kms_cmk_rotation_off",
  title: "Customer-managed KMS key has automatic rotation off",
  description:
    "A symmetric customer-managed key that never rotates keeps protecting new data with the same key material for years, widening the impact if that material is ever exposed.",
  severity: "medium",
  service: "kms",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "4.6" },
    { framework: "AWS Foundational Security Best Practices", control: "KMS.4" },
  ],
  remediation: {
    steps: [
      "Enable automatic rotation on the key (yearly by default; 90–2560 days can be set).",
      "Rotation keeps old key material, so existing data stays decryptable.",
    ],
    cli: "aws kms enable-key-rotation --key-id KEY_ID --region REGION",
    terraform: 'resource "aws_kms_key" "this" {\n  # ...\n  enable_key_rotation = true\n}',
  },
  requires: ["kmsKeys"],
  evaluate: ({ inventory }) =>
    inventory.kmsKeys // AWS-managed keys rotate on AWS's schedule; keys pending deletion are on their way out.
      .filter((k) => k.manager === "CUSTOMER" && k.state !== "PendingDeletion" && k.state !== "PendingReplicaDeletion")
      .map((k): CheckResult => {
        const base = { resourceId: k.arn, resourceType: "AWS::KMS::Key" };
        // Only enabled symmetric encryption keys with KMS-generated material rotate automatically.
        if (k.rotationEnabled === null) {
          return {
            ...base,
            status: "not_applicable",
            evidence: { state: k.state, keySpec: k.keySpec, keyUsage: k.keyUsage, origin: k.origin },
          };
        }
        return {
          ...base,
          status: k.rotationEnabled ? "pass" : "fail",
          evidence: { rotationEnabled: k.rotationEnabled, rotationPeriodInDays: k.rotationPeriodInDays ?? null },
        };
      }),
});
