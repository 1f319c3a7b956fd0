import { and, eq, inArray, sql } from "drizzle-orm";
import { findings, runUnits } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { expectedFindings, MODELLED_CHECKS, type OrgModel } from "./org-model";

export type UnitFigures = {
  expected: number;
  /** Expected units recorded in a terminal state (ok, partial, failed, skipped). */
  terminal: number;
  lost: number;
  /** Units recorded that the organization does not have (e.g. a region that is not enabled). */
  unexpected: number;
  byStatus: Record<string, number>;
  byErrorCode: Record<string, number>;
  /** Units that ended failed, or partial, because AWS throttled them past the retries. */
  failedThrottled: number;
  partialThrottled: number;
  engineApiCalls: number;
  engineThrottledCalls: number;
  findingsExpected: number;
  findingsRecorded: number;
};

const TERMINAL = new Set(["ok", "partial", "failed", "skipped"]);

/** Reads what the engine recorded for the run and compares it with what the organization holds. */
export async function readRunFigures(db: Db, runId: string, org: OrgModel): Promise<UnitFigures> {
  const rows = await db
    .select({
      accountId: runUnits.accountId,
      region: runUnits.region,
      status: runUnits.status,
      errorCode: runUnits.errorCode,
      apiCalls: runUnits.apiCalls,
      throttledCalls: runUnits.throttledCalls,
    })
    .from(runUnits)
    .where(eq(runUnits.runId, runId));
  const recorded = new Map(rows.map((u) => [`${u.accountId}/${u.region}`, u]));
  const found = await db
    .select({ accountId: findings.accountId, region: findings.region, n: sql<number>`count(*)::int` })
    .from(findings)
    .where(and(eq(findings.lastRunId, runId), eq(findings.status, "NEW"), inArray(findings.checkId, MODELLED_CHECKS)))
    .groupBy(findings.accountId, findings.region);

  const units = ["global", ...org.enabledRegions];
  let terminal = 0;
  let findingsExpected = 0;
  for (const account of org.accountList) {
    for (const unit of units) {
      const row = recorded.get(`${account.id}/${unit}`);
      if (row && TERMINAL.has(row.status)) terminal += 1;
      // Only a unit read in full writes its findings.
      if (row?.status === "ok") findingsExpected += expectedFindings(org, account, unit);
    }
  }
  const expectedKeys = new Set(org.accountList.flatMap((a) => units.map((u) => `${a.id}/${u}`)));
  const count = (key: (u: (typeof rows)[number]) => string | null) =>
    rows.reduce<Record<string, number>>((acc, u) => {
      const k = key(u);
      if (k) acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  const expected = expectedKeys.size;
  return {
    expected,
    terminal,
    lost: expected - terminal,
    unexpected: rows.filter((u) => !expectedKeys.has(`${u.accountId}/${u.region}`)).length,
    byStatus: count((u) => u.status),
    byErrorCode: count((u) => u.errorCode),
    failedThrottled: rows.filter((u) => u.status === "failed" && u.errorCode === "Throttled").length,
    partialThrottled: rows.filter((u) => u.status === "partial" && u.errorCode === "Throttled").length,
    engineApiCalls: rows.reduce((s, u) => s + u.apiCalls, 0),
    engineThrottledCalls: rows.reduce((s, u) => s + u.throttledCalls, 0),
    findingsExpected,
    findingsRecorded: found.reduce((s, f) => s + f.n, 0),
  };
}
