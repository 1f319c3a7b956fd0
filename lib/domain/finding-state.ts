import type { FindingEventKind, FindingStatus, SuppressionKind } from "./vocabulary";

// A finding's lifecycle as plain data: lib/findings decides its transitions, lib/db stores them.

export type Suppression = {
  reason: string;
  kind: SuppressionKind;
  by: string | null;
  until: Date | null;
  /** The suppression rule that suppressed the finding; removing the rule reopens it. */
  ruleId?: string | null;
};

export type FindingState = {
  status: FindingStatus;
  firstSeenAt: Date;
  lastSeenAt: Date;
  statusChangedAt: Date;
  resolvedAt: Date | null;
  /** Present exactly when the status is SUPPRESSED. */
  suppression: Suppression | null;
  assigneeId: string | null;
  reopenCount: number;
};

/** A finding as a snapshot sees it: its state and where it lives. */
export type KnownFinding = FindingState & { id: string; checkId: string; region: string };

/** A row of finding_events, without the finding it belongs to. A null actor is the collector. */
export type LifecycleEvent = {
  kind: FindingEventKind;
  occurredAt: Date;
  actorId: string | null;
  runId: string | null;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
  data: Record<string, unknown> | null;
};
