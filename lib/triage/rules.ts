import { and, inArray } from "drizzle-orm";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import { refreshDueDates } from "@/lib/db/queries/sla";
import { insertFindingEvents, saveFindingStates, type Tx } from "@/lib/db/queries/snapshot";
import {
  anyRules,
  deleteRule,
  findRuleMatches,
  ruleSuppressed,
  type SuppressionRule,
} from "@/lib/db/queries/suppression-rules";
import { lockFindingsForTriage, type TriageRow } from "@/lib/db/queries/triage";
import { findings } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { liftRule, suppressByRule, type LifecycleEvent, type Transition } from "@/lib/findings/lifecycle";
import { slaTable } from "@/lib/findings/sla";
import { loadSlaSettings } from "./actions";

// Suppression rules meet the findings here: the database says which open findings a rule matches,
// the lifecycle decides the transitions, and both are written in the caller's transaction.

const BATCH = 1000;

async function transition(
  tx: Db | Tx,
  rows: readonly TriageRow[],
  decide: (row: TriageRow) => Transition,
): Promise<string[]> {
  const states: { id: string; state: Transition["state"] }[] = [];
  const events: (LifecycleEvent & { findingId: string })[] = [];
  for (const row of rows) {
    const t = decide(row);
    if (t.events.length === 0) continue;
    states.push({ id: row.id, state: t.state });
    for (const e of t.events) events.push({ ...e, findingId: row.id });
  }
  await saveFindingStates(tx as Tx, { runId: null, states });
  await insertFindingEvents(tx as Tx, events);
  return states.map((s) => s.id);
}

/**
 * Suppresses the open findings the rules match: those of one account (the snapshot writer, after a
 * collection) or those of one rule (when it is created). Returns how many it suppressed.
 */
export async function applySuppressionRules(
  tx: Db | Tx,
  params: { accountId?: string; ruleId?: string; now: Date },
): Promise<number> {
  if (!params.ruleId && !(await anyRules(tx))) return 0;
  const matches = await findRuleMatches(tx, params);
  const ruleOf = new Map(matches.map((m) => [m.findingId, m]));
  let suppressed = 0;
  for (let i = 0; i < matches.length; i += BATCH) {
    const ids = matches.slice(i, i + BATCH).map((m) => m.findingId);
    const where = and(inArray(findings.id, ids), inArray(findings.status, [...openFindingStatuses]))!;
    const rows = await lockFindingsForTriage(tx, { where, limit: BATCH });
    const changed = await transition(tx, rows, (row) => {
      const m = ruleOf.get(row.id)!;
      const { id: _i, checkId: _c, region: _r, accountId: _a, severity: _s, environment: _e, ...state } = row;
      return suppressByRule(state, { ruleId: m.ruleId, reason: m.reason, kind: m.kind, by: m.createdBy }, params.now);
    });
    suppressed += changed.length;
  }
  return suppressed;
}

/** Removes a rule and reopens what it held suppressed (nothing a person suppressed). */
export async function removeSuppressionRule(
  tx: Db | Tx,
  params: { ruleId: string; actorId: string; now: Date },
): Promise<{ rule: SuppressionRule; reopened: number } | null> {
  const sla = await loadSlaSettings(tx);
  let reopened = 0;
  for (;;) {
    const rows = await lockFindingsForTriage(tx, { where: ruleSuppressed(params.ruleId), limit: BATCH });
    if (rows.length === 0) break;
    const ids = await transition(tx, rows, (row) => {
      const { id: _i, checkId: _c, region: _r, accountId: _a, severity: _s, environment: _e, ...state } = row;
      return liftRule(state, params.ruleId, { actorId: params.actorId, now: params.now });
    });
    await refreshDueDates(tx, { table: slaTable(sla), ids });
    reopened += ids.length;
    if (ids.length === 0) break;
  }
  const rule = await deleteRule(tx, params.ruleId);
  return rule ? { rule, reopened } : null;
}
