import { and, eq, inArray, sql } from "drizzle-orm";
import {
  HIJACK_CHECK_ID,
  hijackFindings,
  POSSIBLE_HIJACK,
  type HijackIncidentRow,
  type Threat,
} from "@/lib/cost/hijack";
import { findingId } from "@/lib/domain/finding-id";
import { checks, costIncidents, findingEvents, findings, guarddutyFindings } from "../schema";
import type { Db } from "../types";
import { upsertDetectionFinding } from "./activity";

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The account's other threat signals for the hijack label: high and critical GuardDuty findings, and
 * risky CloudTrail activity (the detections the activity rules raised from stored events) of high severity.
 */
export async function listThreatSignals(db: Db, p: { accountId: string; activityCheckIds: readonly string[] }) {
  const guardduty = await db
    .select({
      firstSeenAt: guarddutyFindings.firstSeenAt,
      lastSeenAt: guarddutyFindings.lastSeenAt,
      title: guarddutyFindings.title,
      accessKeyId: guarddutyFindings.accessKeyId,
    })
    .from(guarddutyFindings)
    .where(
      and(eq(guarddutyFindings.accountId, p.accountId), inArray(guarddutyFindings.severityLabel, ["high", "critical"])),
    );
  const activity =
    p.activityCheckIds.length === 0
      ? []
      : await db
          .select({
            firstSeenAt: findings.firstSeenAt,
            lastSeenAt: findings.lastSeenAt,
            title: checks.title,
            evidence: findings.evidence,
          })
          .from(findings)
          .innerJoin(checks, eq(checks.id, findings.checkId))
          .where(
            and(
              eq(findings.accountId, p.accountId),
              inArray(findings.checkId, [...p.activityCheckIds]),
              inArray(findings.severity, ["high", "critical"]),
            ),
          );
  const text = (v: unknown) => (typeof v === "string" && v ? v : null);
  return [
    ...guardduty.map((g): Threat => ({
      first: day(g.firstSeenAt),
      last: day(g.lastSeenAt),
      title: `GuardDuty: ${g.title}`,
      source: "guardduty",
      accessKeyId: g.accessKeyId,
    })),
    ...activity.map((a): Threat => {
      // The event's own time when the evidence has it; the detection's otherwise.
      const at = text(a.evidence.time);
      return {
        first: at ? at.slice(0, 10) : day(a.firstSeenAt),
        last: at ? at.slice(0, 10) : day(a.lastSeenAt),
        title: `CloudTrail: ${a.title}`,
        source: "cloudtrail",
        accessKeyId: text(a.evidence.accessKeyId),
        principal: text(a.evidence.principalArn) ?? text(a.evidence.userName),
      };
    }),
  ];
}

/**
 * Makes the account's cost_possible_hijack findings follow its incidents: raised (or reopened) while a
 * possible hijack is unjudged, resolved once someone marks it expected / not an anomaly, or once it is
 * no longer labelled. The end of the spend resolves nothing: it stays open until triaged.
 */
export async function syncHijackFindings(
  db: Db,
  p: { accountId: string; now: Date },
): Promise<{ open: number; resolved: number }> {
  const rows = await db
    .select({
      id: costIncidents.id,
      service: costIncidents.service,
      startDay: costIncidents.startDay,
      endDay: costIncidents.endDay,
      lastDay: costIncidents.lastDay,
      impact: costIncidents.impact,
      impactPerDay: costIncidents.impactPerDay,
      currency: costIncidents.currency,
      verdict: costIncidents.verdict,
      verdictNote: costIncidents.verdictNote,
      verdictBy: costIncidents.verdictBy,
      labels: costIncidents.labels,
      rootCause: costIncidents.rootCause,
      hijackEvidence: costIncidents.hijackEvidence,
    })
    .from(costIncidents)
    .where(
      and(eq(costIncidents.accountId, p.accountId), sql`${costIncidents.labels} @> array[${POSSIBLE_HIJACK}]::text[]`),
    );
  const wanted = hijackFindings(p.accountId, rows satisfies HijackIncidentRow[]);
  const existing = await db
    .select({ id: findings.id, status: findings.status })
    .from(findings)
    .where(and(eq(findings.accountId, p.accountId), eq(findings.checkId, HIJACK_CHECK_ID)));
  const status = new Map(existing.map((f) => [f.id, f.status]));
  const toResolve = new Map<string, string>();
  let open = 0;
  for (const f of wanted) {
    const base = {
      checkId: HIJACK_CHECK_ID,
      accountId: p.accountId,
      region: f.region,
      resourceId: f.resourceId,
      resourceType: "cost_incident",
      severity: "critical" as const,
      evidence: f.evidence,
      note: f.note,
      event: { kind: "possible_hijack" as const, title: f.note },
    };
    const id = findingId(base);
    status.delete(id);
    if (f.state === "open") {
      await upsertDetectionFinding(db, base, p.now);
      open++;
    } else toResolve.set(id, f.note);
  }
  for (const id of status.keys()) toResolve.set(id, "The cost incident is no longer labelled a possible hijack.");
  let resolved = 0;
  for (const [id, note] of toResolve) resolved += await resolveOpenFinding(db, id, note, p.now);
  return { open, resolved };
}

async function resolveOpenFinding(db: Db, id: string, note: string, now: Date): Promise<number> {
  const [before] = await db
    .select({ status: findings.status })
    .from(findings)
    .where(and(eq(findings.id, id), inArray(findings.status, ["NEW", "ACKNOWLEDGED"])))
    .for("update");
  if (!before) return 0;
  await db
    .update(findings)
    .set({ status: "RESOLVED", resolvedAt: now, statusChangedAt: now })
    .where(eq(findings.id, id));
  await db
    .insert(findingEvents)
    .values({ findingId: id, kind: "status", fromStatus: before.status, toStatus: "RESOLVED", note, occurredAt: now });
  return 1;
}
