import type { Severity } from "@/lib/domain/vocabulary";
import { HIJACK_CHECK_ID } from "@/lib/cost/hijack";
import { activityRules } from "./rules";

/** The canary finding's check id. */
export const CANARY_CHECK_ID = "canary_key_used";

type CatalogRow = {
  id: string;
  title: string;
  description: string;
  service: string;
  defaultSeverity: Severity;
  scope: "global";
  frameworks: { framework: string; control: string }[];
  remediation: { steps: string[]; cli?: string };
};

/** Detections as rows of the checks table, so their findings reference a check like any other. */
export function detectionCatalog(): CatalogRow[] {
  return [
    {
      id: CANARY_CHECK_ID,
      title: "A canary access key was used",
      description:
        "A decoy key planted where only an intruder would look was used: wherever it was planted has been read by someone who should not have.",
      service: "cloudtrail",
      defaultSeverity: "critical",
      scope: "global",
      frameworks: [],
      remediation: {
        steps: [
          "Open the investigation of the key: every call, source IP and user agent.",
          "Find who could read the place it was planted (CI variables, repository, host) and rotate every real secret there.",
          "Deactivate and replace the canary key once the place is clean, and register the new one.",
        ],
        cli: "aws iam update-access-key --user-name CANARY_USER --access-key-id ACCESS_KEY_ID --status Inactive",
      },
    },
    {
      id: HIJACK_CHECK_ID,
      title: "Spend looks like a hijacked account",
      description:
        "A cost incident is compute in a region the organization does not use, or coincides (±1 day) with a high GuardDuty finding or risky CloudTrail activity in the same account: the pattern of a leaked key running miners. It stays open until someone marks the spend expected or not an anomaly on the Costs page.",
      service: "cost",
      defaultSeverity: "critical",
      scope: "global",
      frameworks: [],
      remediation: {
        steps: [
          "Open the account's costs: which service, usage type and region drove the spend, and since when.",
          "Open the investigation of the key or principal named in the evidence; look for RunInstances or CreateFunction calls in unused regions.",
          "If nobody planned it: deactivate the key, terminate the instances, and open a case with AWS Support about the charges.",
          "If it was planned, mark the incident expected on the Costs page with a note: the finding resolves.",
        ],
        cli: "aws ec2 describe-instances --region REGION --filters Name=instance-state-name,Values=running",
      },
    },
    ...activityRules.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      service: "cloudtrail",
      defaultSeverity: r.severity,
      scope: "global" as const,
      frameworks: [],
      remediation: {
        steps: [
          "Open the event's investigation: who made the call, from where, and what else they did.",
          "Confirm with the owner of the account whether the change was planned; revert it if not.",
        ],
      },
    })),
  ];
}
