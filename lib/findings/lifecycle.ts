import type { FindingState, KnownFinding, LifecycleEvent, Suppression } from "@/lib/domain/finding-state";
import { GLOBAL_REGION, type FindingStatus, type SuppressionKind, type UnitStatus } from "@/lib/domain/vocabulary";

export type { FindingState, KnownFinding, LifecycleEvent, Suppression };

// The finding lifecycle (DESIGN.md "Data model principles"), as pure transitions over plain data.
// The snapshot writer and, later, the triage actions persist what these functions decide.

export type Transition = { state: FindingState; events: LifecycleEvent[] };

export const isOpen = (status: FindingStatus) => status === "NEW" || status === "ACKNOWLEDGED";

/** A suppression whose expiry has passed no longer holds the finding back. */
export function suppressionExpired(state: FindingState, now: Date): boolean {
  const until = state.suppression?.until;
  return state.status === "SUPPRESSED" && until != null && until.getTime() <= now.getTime();
}

type Collected = { now: Date; runId: string | null };

function statusEvent(
  from: FindingStatus | null,
  to: FindingStatus,
  note: string,
  at: { now: Date; runId?: string | null; actorId?: string | null },
  data: Record<string, unknown> | null = null,
): LifecycleEvent {
  return {
    kind: "status",
    occurredAt: at.now,
    actorId: at.actorId ?? null,
    runId: at.runId ?? null,
    fromStatus: from,
    toStatus: to,
    note,
    data,
  };
}

function moveTo(state: FindingState, status: FindingStatus, now: Date, patch: Partial<FindingState> = {}) {
  return {
    ...state,
    status,
    statusChangedAt: now,
    resolvedAt: status === "RESOLVED" ? now : null,
    suppression: status === "SUPPRESSED" ? state.suppression : null,
    ...patch,
  };
}

/** A failing result on a resource no finding exists for: a new finding. */
export function detect(at: Collected): Transition {
  return {
    state: {
      status: "NEW",
      firstSeenAt: at.now,
      lastSeenAt: at.now,
      statusChangedAt: at.now,
      resolvedAt: null,
      suppression: null,
      assigneeId: null,
      reopenCount: 0,
    },
    events: [statusEvent(null, "NEW", "Detected", at)],
  };
}

/**
 * What a collection saw of an existing finding: its check failed on the resource, passed (the
 * check was evaluated where the finding lives and did not fail), or nothing can be said.
 */
export type Observation = "failed" | "passed" | "unknown";

/**
 * A resolved finding that fails again reopens, and so does a suppressed one whose suppression has
 * expired; an open one (or one whose suppression has expired) that passes resolves. A suppression
 * in force holds either way. Nothing else changes the status.
 */
export function observe(state: FindingState, seen: Observation, at: Collected): Transition {
  const expired = suppressionExpired(state, at.now);
  if (seen === "failed") {
    const seenNow = { ...state, lastSeenAt: at.now };
    if (state.status !== "RESOLVED" && !expired) return { state: seenNow, events: [] };
    const note =
      state.status === "RESOLVED" ? "Failed again after being resolved" : "Suppression expired while still failing";
    return {
      state: moveTo(seenNow, "NEW", at.now, { reopenCount: state.reopenCount + 1 }),
      events: [statusEvent(state.status, "NEW", note, at)],
    };
  }
  if (seen === "passed" && (isOpen(state.status) || expired)) {
    const note = expired ? "Check passed after the suppression expired" : "Check passed";
    return { state: moveTo(state, "RESOLVED", at.now), events: [statusEvent(state.status, "RESOLVED", note, at)] };
  }
  return { state, events: [] };
}

/** Ends a suppression whose expiry has passed (the finding opens again); anything else is left as it is. */
export function expireSuppression(state: FindingState, now: Date): Transition {
  if (!suppressionExpired(state, now)) return { state, events: [] };
  return {
    state: moveTo(state, "NEW", now),
    events: [statusEvent("SUPPRESSED", "NEW", "Suppression expired", { now }, { until: state.suppression!.until })],
  };
}

export type UserAction =
  | { kind: "acknowledge"; note?: string }
  | { kind: "suppress"; reason: string; suppressionKind: SuppressionKind; until: Date | null }
  | { kind: "unsuppress"; note?: string }
  | { kind: "assign"; assigneeId: string | null }
  | { kind: "comment"; text: string };

export type ActionRefusal = "unchanged" | "not_open" | "not_suppressed" | "expiry_not_in_future" | "empty_text";

export type ActionOutcome = ({ ok: true } & Transition) | { ok: false; reason: ActionRefusal };

/** A person's change to a finding (triage): the next state and its events, or why it is refused. */
export function act(state: FindingState, action: UserAction, by: { actorId: string; now: Date }): ActionOutcome {
  const at = { now: by.now, actorId: by.actorId };
  const note = (text: string | undefined, fallback: string) => text?.trim() || fallback;
  switch (action.kind) {
    case "acknowledge":
      if (state.status === "ACKNOWLEDGED") return { ok: false, reason: "unchanged" };
      if (state.status !== "NEW") return { ok: false, reason: "not_open" };
      return {
        ok: true,
        state: moveTo(state, "ACKNOWLEDGED", by.now),
        events: [statusEvent("NEW", "ACKNOWLEDGED", note(action.note, "Acknowledged"), at)],
      };
    case "suppress": {
      const reason = action.reason.trim();
      if (!reason) return { ok: false, reason: "empty_text" };
      if (action.until && action.until.getTime() <= by.now.getTime())
        return { ok: false, reason: "expiry_not_in_future" };
      const suppression: Suppression = { reason, kind: action.suppressionKind, by: by.actorId, until: action.until };
      const current = state.suppression;
      if (
        state.status === "SUPPRESSED" &&
        current &&
        current.reason === reason &&
        current.kind === suppression.kind &&
        (current.until?.getTime() ?? null) === (suppression.until?.getTime() ?? null)
      )
        return { ok: false, reason: "unchanged" };
      // Changing a suppression's terms is not a status change: statusChangedAt stays.
      const next = state.status === "SUPPRESSED" ? state : moveTo(state, "SUPPRESSED", by.now);
      return {
        ok: true,
        state: { ...next, suppression },
        events: [
          statusEvent(state.status, "SUPPRESSED", reason, at, {
            kind: suppression.kind,
            until: suppression.until?.toISOString() ?? null,
          }),
        ],
      };
    }
    case "unsuppress":
      if (state.status !== "SUPPRESSED") return { ok: false, reason: "not_suppressed" };
      return {
        ok: true,
        state: moveTo(state, "NEW", by.now),
        events: [statusEvent("SUPPRESSED", "NEW", note(action.note, "Suppression lifted"), at)],
      };
    case "assign":
      if (action.assigneeId === state.assigneeId) return { ok: false, reason: "unchanged" };
      return {
        ok: true,
        state: { ...state, assigneeId: action.assigneeId },
        events: [
          {
            kind: "assignment",
            occurredAt: by.now,
            actorId: by.actorId,
            runId: null,
            fromStatus: null,
            toStatus: null,
            note: null,
            data: { from: state.assigneeId, to: action.assigneeId },
          },
        ],
      };
    case "comment": {
      const text = action.text.trim();
      if (!text) return { ok: false, reason: "empty_text" };
      return {
        ok: true,
        state,
        events: [
          {
            kind: "comment",
            occurredAt: by.now,
            actorId: by.actorId,
            runId: null,
            fromStatus: null,
            toStatus: null,
            note: text,
            data: null,
          },
        ],
      };
    }
  }
}

/** What a suppression rule brings to the findings it matches. */
export type RuleSuppression = { ruleId: string; reason: string; kind: SuppressionKind; by: string | null };

/** A rule suppresses the open findings it matches; suppressed and resolved ones are left as they are. */
export function suppressByRule(state: FindingState, rule: RuleSuppression, now: Date): Transition {
  if (!isOpen(state.status)) return { state, events: [] };
  const suppression: Suppression = {
    reason: rule.reason,
    kind: rule.kind,
    by: rule.by,
    until: null,
    ruleId: rule.ruleId,
  };
  return {
    state: { ...moveTo(state, "SUPPRESSED", now), suppression },
    events: [
      statusEvent(
        state.status,
        "SUPPRESSED",
        `Suppressed by rule: ${rule.reason}`,
        { now, actorId: rule.by },
        {
          kind: rule.kind,
          ruleId: rule.ruleId,
        },
      ),
    ],
  };
}

/** Removing a rule reopens what it suppressed (and nothing a person suppressed). */
export function liftRule(state: FindingState, ruleId: string, by: { actorId: string | null; now: Date }): Transition {
  if (state.status !== "SUPPRESSED" || state.suppression?.ruleId !== ruleId) return { state, events: [] };
  return {
    state: moveTo(state, "NEW", by.now),
    events: [statusEvent("SUPPRESSED", "NEW", "Suppression rule removed", by, { ruleId })],
  };
}

export type EvaluatedScope = { checkId: string; region: string };

/** What one account's snapshot says, and the findings it may touch as they stand. */
export type SnapshotFacts = {
  runId: string;
  now: Date;
  /**
   * The snapshot's units by region ("global" included). Scopes of a failed or skipped unit never
   * resolve anything, whatever the evaluation claims; without units, every scope counts.
   */
  units?: readonly { region: string; status: UnitStatus }[];
  /** Findings whose check failed in this snapshot (ids from lib/domain/finding-id). */
  failing: readonly { id: string; checkId: string; region: string }[];
  /**
   * Where each check was evaluated on a full read. A check evaluated in the global unit covers its
   * findings in every region (an S3 bucket's finding carries the bucket's region).
   */
  evaluated: readonly EvaluatedScope[];
  /** Findings whose check could not decide on their resource: they stay as they are. */
  undetermined: readonly string[];
  /** The current state of the failing findings that exist, and of the account's open or suppressed ones. */
  known: readonly KnownFinding[];
};

export type SnapshotPlan = {
  created: { id: string; state: FindingState }[];
  /** Existing findings whose state changed beyond being seen again (lastSeenAt). */
  changed: { id: string; state: FindingState }[];
  events: (LifecycleEvent & { findingId: string })[];
  counts: { created: number; reopened: number; resolved: number; stillOpen: number };
};

/** Which findings a snapshot's evaluations may resolve: only where a unit that did not fail read the check's inventory. */
export function coverage(facts: Pick<SnapshotFacts, "units" | "evaluated">) {
  const blocked = new Set(
    (facts.units ?? []).filter((u) => u.status === "failed" || u.status === "skipped").map((u) => u.region),
  );
  const scopes = facts.evaluated.filter((e) => !blocked.has(e.region));
  const wholeAccount = new Set(scopes.filter((e) => e.region === GLOBAL_REGION).map((e) => e.checkId));
  const regional = new Set(scopes.map((e) => `${e.checkId}\u0000${e.region}`));
  return (f: { checkId: string; region: string }) =>
    wholeAccount.has(f.checkId) || regional.has(`${f.checkId}\u0000${f.region}`);
}

/** Applies one account's snapshot to its findings: which open, reopen, resolve or stay, and the events. */
export function planSnapshot(facts: SnapshotFacts): SnapshotPlan {
  const at = { now: facts.now, runId: facts.runId };
  const plan: SnapshotPlan = {
    created: [],
    changed: [],
    events: [],
    counts: { created: 0, reopened: 0, resolved: 0, stillOpen: 0 },
  };
  const known = new Map(
    facts.known.map(({ id, checkId, region, ...state }) => [id, { id, checkId, region, state }] as const),
  );
  const record = (id: string, t: Transition, created: boolean) => {
    const { state } = t;
    (created ? plan.created : plan.changed).push({ id, state });
    for (const e of t.events) plan.events.push({ ...e, findingId: id });
  };
  const failing = new Set<string>();
  for (const f of facts.failing) {
    if (failing.has(f.id)) continue;
    failing.add(f.id);
    const prior = known.get(f.id);
    if (!prior) {
      plan.counts.created += 1;
      record(f.id, detect(at), true);
      continue;
    }
    const t = observe(prior.state, "failed", at);
    if (t.state.status !== prior.state.status) {
      plan.counts.reopened += 1;
      record(f.id, t, false);
    } else plan.counts.stillOpen += 1;
  }
  const covers = coverage(facts);
  const undetermined = new Set(facts.undetermined);
  for (const f of known.values()) {
    if (failing.has(f.id)) continue;
    if (!undetermined.has(f.id) && covers(f)) {
      const t = observe(f.state, "passed", at);
      if (t.state.status !== f.state.status) {
        plan.counts.resolved += 1;
        record(f.id, t, false);
        continue;
      }
    }
    // Neither failing nor passing here: an expired suppression still ends (the finding opens again).
    const t = expireSuppression(f.state, facts.now);
    if (t.events.length === 0) continue;
    plan.counts.reopened += 1;
    record(f.id, { state: t.state, events: t.events.map((e) => ({ ...e, runId: facts.runId })) }, false);
  }
  return plan;
}
