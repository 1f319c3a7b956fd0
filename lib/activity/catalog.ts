import type { Severity } from "@/lib/domain/vocabulary";
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
