import { and, eq, lte } from "drizzle-orm";
import { audit } from "@/lib/db/queries/audit";
import { refreshDueDates } from "@/lib/db/queries/sla";
import { insertFindingEvents, saveFindingStates } from "@/lib/db/queries/snapshot";
import { lockFindingsForTriage } from "@/lib/db/queries/triage";
import { findings } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { expireSuppression, type FindingState, type LifecycleEvent } from "@/lib/findings/lifecycle";
import { slaTable } from "@/lib/findings/sla";
import { loadSlaSettings } from "./actions";

// Expired suppressions reopen on a timer, not only when the next collection sees the finding: a
// risk accepted until Friday is open again on Friday, whether or not anything was collected.

export type ExpiryOutcome = { reopened: number; batches: number };

/**
 * Reopens every finding whose suppression ended by `now`, in batches of `batchSize`, each one
 * transaction with its events (no actor: the system did it), new due dates and one audit entry.
 */
export async function reopenExpiredSuppressions(
  db: Db,
  params: { now: Date; batchSize?: number },
): Promise<ExpiryOutcome> {
  const size = params.batchSize ?? 1000;
  const where = and(eq(findings.status, "SUPPRESSED"), lte(findings.suppressedUntil, params.now))!;
  const outcome: ExpiryOutcome = { reopened: 0, batches: 0 };
  const sla = await loadSlaSettings(db);
  let after: string | null = null;
  for (;;) {
    const batch: { last: string; full: boolean } | null = await db.transaction(async (tx) => {
      const rows = await lockFindingsForTriage(tx, { where, after, limit: size });
      if (rows.length === 0) return null;
      const changed: { id: string; state: FindingState }[] = [];
      const events: (LifecycleEvent & { findingId: string })[] = [];
      for (const row of rows) {
        const { id, checkId: _c, region: _r, accountId: _a, severity: _s, environment: _e, ...state } = row;
        const t = expireSuppression(state, params.now);
        if (t.state === state) continue;
        changed.push({ id, state: t.state });
        for (const e of t.events) events.push({ ...e, findingId: id });
      }
      await saveFindingStates(tx, { runId: null, states: changed });
      await insertFindingEvents(tx, events);
      await refreshDueDates(tx, { table: slaTable(sla), ids: changed.map((c) => c.id) });
      if (changed.length) {
        await audit(tx, {
          actor: null,
          action: "finding.suppression_expired",
          outcome: "success",
          target: { type: "finding", id: changed.at(-1)!.id },
          details: { reopened: changed.length, from: changed[0]!.id, to: changed.at(-1)!.id },
        });
      }
      outcome.reopened += changed.length;
      return { last: rows.at(-1)!.id, full: rows.length === size };
    });
    if (!batch) return outcome;
    outcome.batches += 1;
    after = batch.last;
    if (!batch.full) return outcome;
  }
}
