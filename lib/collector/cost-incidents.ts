import { detectIncidents, type DailyPoint, type Feedback } from "@/lib/cost/detector";
import { hijackEvidence, POSSIBLE_HIJACK, type HijackSignals } from "@/lib/cost/hijack";
import { activityRules } from "@/lib/activity/rules";
import { CANARY_CHECK_ID, detectionCatalog } from "@/lib/activity/catalog";
import { syncCheckCatalog } from "@/lib/db/queries/collection";
import { listThreatSignals, syncHijackFindings } from "@/lib/db/queries/cost-findings";
import {
  loadAccountCosts,
  loadIncidentMemory,
  replaceAccountIncidents,
  type CostIncidentInsert,
} from "@/lib/db/queries/costs";
import { COST_TOTAL_SERVICE, type CostRootCause } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";

/** Looks up what drove an account's spend over some days (one Cost Explorer query); null when unknown. */
export type RootCauseLookup = (q: { accountId: string; from: string; to: string }) => Promise<CostRootCause | null>;

export type RedetectResult = { incidents: number; created: number; hijacks: number; rootCauseLookups: number };

/**
 * Re-detects one account's cost incidents from its whole history (the total and each service), after
 * a cost write. Incidents that persist (same series and start day) keep their verdict and root cause;
 * only new ones get a root-cause lookup, once per distinct day range.
 */
export async function redetectAccountCosts(
  db: Db,
  accountId: string,
  opts: { unusedRegions: readonly string[]; rootCause?: RootCauseLookup; now?: Date },
): Promise<RedetectResult> {
  const rows = await loadAccountCosts(db, accountId);
  const memory = new Map((await loadIncidentMemory(db, accountId)).map((m) => [`${m.service}|${m.startDay}`, m]));
  const result: RedetectResult = { incidents: 0, created: 0, hijacks: 0, rootCauseLookups: 0 };
  if (rows.length === 0) {
    await replaceAccountIncidents(db, accountId, []);
    await syncHijackFindings(db, { accountId, now: opts.now ?? new Date() });
    return result;
  }
  const currency = rows[0]!.currency;
  const until = rows.at(-1)!.day;
  const series = new Map<string, DailyPoint[]>([[COST_TOTAL_SERVICE, []]]);
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (!series.has(r.service)) series.set(r.service, []);
    series.get(r.service)!.push({ day: r.day, amount: r.amount });
    totals.set(r.day, (totals.get(r.day) ?? 0) + r.amount);
  }
  series.set(
    COST_TOTAL_SERVICE,
    [...totals].map(([day, amount]) => ({ day, amount })),
  );
  const feedback = new Map<string, Feedback[]>();
  for (const m of memory.values())
    if (m.verdict)
      feedback.set(m.service, [...(feedback.get(m.service) ?? []), { start: m.startDay, verdict: m.verdict }]);

  const threats = await listThreatSignals(db, {
    accountId,
    activityCheckIds: [...activityRules.map((r) => r.id), CANARY_CHECK_ID],
  });
  const signals: HijackSignals = { unusedRegions: opts.unusedRegions, threats };
  const lookups = new Map<string, Promise<CostRootCause | null>>();
  const out: CostIncidentInsert[] = [];
  const first = rows[0]!.day;
  for (const [service, points] of series) {
    for (const inc of detectIncidents(points, {}, feedback.get(service) ?? [], { from: first, until })) {
      const known = memory.get(`${service}|${inc.start}`);
      let rootCause = known?.rootCause ?? null;
      if (!known && opts.rootCause) {
        const key = `${inc.start}|${inc.lastDay}`;
        if (!lookups.has(key)) lookups.set(key, opts.rootCause({ accountId, from: inc.start, to: inc.lastDay }));
        rootCause = await lookups.get(key)!;
      }
      if (rootCause && service !== COST_TOTAL_SERVICE)
        rootCause = { ...rootCause, lines: rootCause.lines.filter((l) => !l.service || l.service === service) };
      const evidence = hijackEvidence(
        { startDay: inc.start, lastDay: inc.lastDay, rootCause: rootCause?.lines ?? null },
        signals,
      );
      if (evidence) result.hijacks++;
      if (!known) result.created++;
      out.push({
        accountId,
        service,
        kind: inc.kind,
        startDay: inc.start,
        endDay: inc.end,
        lastDay: inc.lastDay,
        expected: inc.expected,
        actual: inc.actual,
        impact: inc.impact,
        impactPerDay: inc.impactPerDay,
        impactPercent: inc.impactPercent,
        score: inc.score,
        severity: inc.severity,
        days: inc.days,
        rootCause,
        labels: evidence ? [POSSIBLE_HIJACK] : [],
        hijackEvidence: evidence,
        currency,
        updatedAt: opts.now ?? new Date(),
      });
    }
  }
  result.incidents = out.length;
  result.rootCauseLookups = lookups.size;
  await replaceAccountIncidents(db, accountId, out);
  // A possible hijack is a critical finding; its check row must exist before the finding does.
  if (result.hijacks > 0) await syncCheckCatalog(db, detectionCatalog());
  await syncHijackFindings(db, { accountId, now: opts.now ?? new Date() });
  return result;
}
