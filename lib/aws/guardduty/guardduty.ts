import { GetDetectorCommand, paginateListDetectors, type GuardDutyClient } from "@aws-sdk/client-guardduty";
import { throwIfDeadline } from "../errors";
import type { GuardDutyDetector } from "./types";

/** The region's GuardDuty detectors (at most one per account and region) with their status. */
export async function listGuardDutyDetectors(
  guardduty: GuardDutyClient,
  signal?: AbortSignal,
): Promise<GuardDutyDetector[]> {
  const ids: string[] = [];
  for await (const page of paginateListDetectors({ client: guardduty }, {})) {
    throwIfDeadline(signal);
    ids.push(...(page.DetectorIds ?? []));
  }
  return Promise.all(
    ids.map(async (detectorId) => {
      const d = await guardduty.send(new GetDetectorCommand({ DetectorId: detectorId }), { abortSignal: signal });
      return { detectorId, status: d.Status ?? "UNKNOWN", findingPublishingFrequency: d.FindingPublishingFrequency };
    }),
  );
}

/** GuardDuty's numeric severity as a label: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, below low. */
export function guardDutySeverityLabel(severity: number): "critical" | "high" | "medium" | "low" {
  if (severity >= 9) return "critical";
  if (severity >= 7) return "high";
  if (severity >= 4) return "medium";
  return "low";
}
