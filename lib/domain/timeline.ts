// What one account's timeline is made of: the kinds of things that happen to an account, and how a
// finding's status change reads on it.
import type { FindingStatus } from "./vocabulary";

export const timelineKinds = ["posture", "guardduty", "cost", "activity", "canary", "collection"] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const timelineKindLabels: Record<TimelineKind, string> = {
  posture: "Posture change",
  guardduty: "GuardDuty",
  cost: "Cost incident",
  activity: "Risky activity",
  canary: "Canary trip",
  collection: "Collection failure",
};

/** A finding's status change in words: detected, resolved, reopened, suppressed, acknowledged… */
export function transitionLabel(from: FindingStatus | null, to: FindingStatus | null): string {
  if (to === null) return "changed";
  if (from === null) return to === "SUPPRESSED" ? "detected, suppressed by a rule" : "detected";
  if (to === "RESOLVED") return "resolved";
  if (to === "SUPPRESSED") return "suppressed";
  if (to === "ACKNOWLEDGED") return from === "NEW" ? "acknowledged" : "reopened, acknowledged";
  if (from === "RESOLVED") return "reopened";
  if (from === "SUPPRESSED") return "suppression ended";
  return "set back to new";
}
