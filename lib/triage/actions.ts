import { and, inArray, type SQL } from "drizzle-orm";
import type { BulkTarget, TriageAction } from "@/lib/contracts/triage";
import { audit } from "@/lib/db/queries/audit";
import { findingsWhere } from "@/lib/db/queries/findings-filter";
import { inScope, type AccountScope } from "@/lib/db/queries/scope";
import { getSetting } from "@/lib/db/queries/settings";
import { refreshDueDates } from "@/lib/db/queries/sla";
import { insertFindingEvents, saveFindingStates, type Tx } from "@/lib/db/queries/snapshot";
import { accountsAssignableTo, lockFindingsForTriage, type TriageRow } from "@/lib/db/queries/triage";
import { findings } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { Db } from "@/lib/db/types";
import {
  act,
  type ActionRefusal,
  type FindingState,
  type LifecycleEvent,
  type UserAction,
} from "@/lib/findings/lifecycle";
import {
  resolveSlaSettings,
  SLA_SETTINGS_KEY,
  slaTable,
  suppressionExpiry,
  type SlaSettings,
} from "@/lib/findings/sla";

// Where triage actions meet the database: load and lock the findings, let the lifecycle decide,
// store states, events and due dates, and the audit entry, all in the caller's transaction.

export type Actor = { id: string; email: string; ip: string | null };
export type Refusal = ActionRefusal | "assignee_out_of_reach" | "beyond_max_suppression";

export type TriageOutcome = {
  changed: { id: string; state: FindingState }[];
  refused: { id: string; reason: Refusal }[];
};

export async function loadSlaSettings(db: Db | Tx): Promise<SlaSettings> {
  return resolveSlaSettings(await getSetting(db as Db, SLA_SETTINGS_KEY));
}

function toUserAction(action: TriageAction, until: Date | null): UserAction {
  switch (action.action) {
    case "acknowledge":
      return { kind: "acknowledge", note: action.note ?? undefined };
    case "assign":
      return { kind: "assign", assigneeId: action.assigneeId };
    case "comment":
      return { kind: "comment", text: action.text };
    case "suppress":
      return { kind: "suppress", reason: action.reason, suppressionKind: action.kind, until };
    case "reopen":
      return { kind: "unsuppress", note: action.note ?? undefined };
  }
}

/**
 * Applies one action to locked findings: each is decided by the lifecycle, refusals are reported
 * per finding. A suppression longer than the severity's maximum is refused, or with `clamp` cut to it.
 */
export async function applyTriage(
  tx: Db | Tx,
  params: {
    rows: readonly TriageRow[];
    action: TriageAction;
    actorId: string;
    now: Date;
    sla: SlaSettings;
    clamp?: boolean;
  },
): Promise<TriageOutcome> {
  const { action, now } = params;
  const outcome: TriageOutcome = { changed: [], refused: [] };
  const events: (LifecycleEvent & { findingId: string })[] = [];
  const reachable =
    action.action === "assign" && action.assigneeId
      ? await accountsAssignableTo(tx, {
          userId: action.assigneeId,
          accountIds: [...new Set(params.rows.map((r) => r.accountId))],
        })
      : null;
  for (const row of params.rows) {
    if (reachable && !reachable.has(row.accountId)) {
      outcome.refused.push({ id: row.id, reason: "assignee_out_of_reach" });
      continue;
    }
    let until: Date | null = null;
    if (action.action === "suppress") {
      const asked = action.until ? new Date(action.until) : null;
      const expiry = suppressionExpiry(params.sla, row.severity, asked, now, { clamp: params.clamp });
      if (!expiry.ok) {
        outcome.refused.push({ id: row.id, reason: "beyond_max_suppression" });
        continue;
      }
      until = expiry.until;
    }
    const { id, checkId: _c, region: _r, accountId: _a, severity: _s, environment: _e, ...state } = row;
    const result = act(state, toUserAction(action, until), { actorId: params.actorId, now });
    if (!result.ok) {
      outcome.refused.push({ id, reason: result.reason });
      continue;
    }
    if (result.state !== state) outcome.changed.push({ id, state: result.state });
    for (const e of result.events) events.push({ ...e, findingId: id });
  }
  await saveFindingStates(tx as Tx, { runId: null, states: outcome.changed });
  await insertFindingEvents(tx as Tx, events);
  const reopened = outcome.changed.filter((c) => c.state.status === "NEW").map((c) => c.id);
  if (reopened.length) await refreshDueDates(tx, { table: slaTable(params.sla), ids: reopened });
  return outcome;
}

/** The where-clause of a bulk action's findings, within the viewer's scope. */
export function bulkWhere(target: BulkTarget, ctx: { scope: AccountScope; userId: string; now: Date }): SQL {
  if ("ids" in target) return and(inArray(findings.id, target.ids), inScope(findings.accountId, ctx.scope))!;
  return findingsWhere(target.filter, ctx);
}

export type BulkProgress = {
  processed: number;
  changed: number;
  batches: number;
  after: string | null;
  done: boolean;
  error: string | null;
};

/**
 * Runs a bulk action in batches, each one transaction with its audit entry: nothing of a batch is
 * applied unless all of it is. Stops when the target is exhausted, the deadline passes (the caller
 * continues from `after`) or a batch fails (the batches before it stay applied).
 */
export async function runBulk(
  db: Db,
  params: {
    where: SQL;
    action: TriageAction;
    actor: Actor;
    now: Date;
    after?: string | null;
    batchSize?: number;
    /** Wall-clock time after which no new batch starts. */
    deadline?: number;
    /** Describes the target in the audit entries. */
    target: Record<string, unknown>;
  },
): Promise<BulkProgress> {
  const size = params.batchSize ?? 1000;
  const progress: BulkProgress = {
    processed: 0,
    changed: 0,
    batches: 0,
    after: params.after ?? null,
    done: false,
    error: null,
  };
  const sla = await loadSlaSettings(db);
  while (params.deadline === undefined || Date.now() < params.deadline) {
    try {
      const batch = await db.transaction(async (tx) => {
        const rows = await lockFindingsForTriage(tx, { where: params.where, after: progress.after, limit: size });
        if (rows.length === 0) return null;
        const outcome = await applyTriage(tx, {
          rows,
          action: params.action,
          actorId: params.actor.id,
          now: params.now,
          sla,
          clamp: true,
        });
        await audit(tx, {
          actor: { id: params.actor.id, email: params.actor.email },
          ip: params.actor.ip,
          action: `finding.bulk_${params.action.action}`,
          outcome: "success",
          target: { type: "finding", id: rows.at(-1)!.id },
          details: {
            ...auditDetails(params.action),
            target: params.target,
            from: rows[0]!.id,
            to: rows.at(-1)!.id,
            processed: rows.length,
            changed: outcome.changed.length,
            refused: countBy(outcome.refused.map((r) => r.reason)),
          },
        });
        return {
          last: rows.at(-1)!.id,
          processed: rows.length,
          changed: outcome.changed.length,
          full: rows.length === size,
        };
      });
      if (!batch) {
        progress.done = true;
        return progress;
      }
      progress.after = batch.last;
      progress.processed += batch.processed;
      progress.changed += batch.changed;
      progress.batches += 1;
      if (!batch.full) {
        progress.done = true;
        return progress;
      }
    } catch (err) {
      const reference = crypto.randomUUID();
      log.error("bulk action batch failed", { reference, after: progress.after, error: err });
      progress.error = `a batch failed and was rolled back (reference ${reference})`;
      return progress;
    }
  }
  return progress;
}

const countBy = (xs: readonly string[]) =>
  xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

/** What an audit entry keeps of an action: its kind and terms, never more than a note's length. */
export function auditDetails(action: TriageAction): Record<string, unknown> {
  switch (action.action) {
    case "assign":
      return { action: action.action, assigneeId: action.assigneeId };
    case "suppress":
      return { action: action.action, kind: action.kind, until: action.until ?? null, reason: action.reason };
    case "comment":
      return { action: action.action, length: action.text.length };
    default:
      return { action: action.action, note: action.note ?? null };
  }
}
