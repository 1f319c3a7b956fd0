import { and, asc, desc, eq, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import { findingId } from "@/lib/domain/finding-id";
import type { TrailEvent } from "@/lib/domain/activity";
import type { Severity } from "@/lib/domain/vocabulary";
import { awsAccounts, cloudtrailEvents, findingEvents, findings, organizations } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";
import { upsertDetectionSecurityEvent } from "./security-events";

export type DetectionFinding = {
  checkId: string;
  accountId: string;
  region: string;
  resourceId: string;
  resourceType: string;
  severity: Severity;
  evidence: Record<string, unknown>;
  note: string;
  /** The security event a high or critical detection keeps (notification rules key on it). */
  event: { kind: "canary_tripped" | "risky_activity" | "possible_hijack"; title: string };
};

/**
 * Records a detection (a canary used, a risky call) as a finding outside any posture run: created
 * NEW, or refreshed; a resolved one reopens. Only the snapshot's evaluated checks resolve findings,
 * so a detection stays open until someone triages it.
 */
export async function upsertDetectionFinding(
  db: Db,
  f: DetectionFinding,
  now: Date,
): Promise<{ id: string; created: boolean; reopened: boolean }> {
  const id = findingId(f);
  const [before] = await db.select({ status: findings.status }).from(findings).where(eq(findings.id, id));
  const { event, ...row } = f;
  const { checkId, accountId, region, severity } = f;
  await upsertDetectionSecurityEvent(db, { ...event, findingId: id, checkId, accountId, region, severity, now });
  if (!before) {
    await db
      .insert(findings)
      .values({ id, ...row, status: "NEW", firstSeenAt: now, lastSeenAt: now, statusChangedAt: now });
    await db
      .insert(findingEvents)
      .values({ findingId: id, kind: "status", toStatus: "NEW", note: f.note, occurredAt: now });
    return { id, created: true, reopened: false };
  }
  const reopened = before.status === "RESOLVED";
  await db
    .update(findings)
    .set({
      lastSeenAt: now,
      evidence: f.evidence,
      severity: f.severity,
      ...(reopened ? { status: "NEW" as const, resolvedAt: null, statusChangedAt: now } : {}),
      ...(reopened ? { reopenCount: sql`${findings.reopenCount} + 1` } : {}),
    })
    .where(eq(findings.id, id));
  if (reopened)
    await db.insert(findingEvents).values({
      findingId: id,
      kind: "status",
      fromStatus: "RESOLVED",
      toStatus: "NEW",
      note: f.note,
      occurredAt: now,
    });
  return { id, created: false, reopened };
}

/** Stores CloudTrail events (new ones only) for investigations; answers how many were new. */
export async function insertTrailEvents(db: Db, accountId: string, events: readonly TrailEvent[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < events.length; i += 500) {
    const rows = events.slice(i, i + 500).map((e) => ({
      id: e.id,
      accountId: e.accountId ?? accountId,
      region: e.region,
      eventTime: e.time,
      eventName: e.name,
      eventSource: e.source,
      userName: e.userName ?? null,
      accessKeyId: e.accessKeyId ?? null,
      principalArn: e.principalArn ?? null,
      principalType: e.principalType ?? null,
      sourceIp: e.sourceIp ?? null,
      userAgent: e.userAgent ?? null,
      errorCode: e.errorCode ?? null,
      details: e.requestParameters ? { requestParameters: e.requestParameters } : {},
    }));
    added += (
      await db.insert(cloudtrailEvents).values(rows).onConflictDoNothing().returning({ id: cloudtrailEvents.id })
    ).length;
  }
  return added;
}

/** Principals and user agents already seen calling a service in an account (for "not seen before" rules). */
export async function listKnownCallers(db: Db, params: { accountId: string; eventSource: string; before: Date }) {
  return db
    .selectDistinct({ principalArn: cloudtrailEvents.principalArn, userAgent: cloudtrailEvents.userAgent })
    .from(cloudtrailEvents)
    .where(
      and(
        eq(cloudtrailEvents.accountId, params.accountId),
        eq(cloudtrailEvents.eventSource, params.eventSource),
        sql`${cloudtrailEvents.eventTime} < ${params.before.toISOString()}::timestamptz`,
      ),
    );
}

/** What an investigation looks for: an access key id, or an IAM user, role or session (name or ARN). */
export function subjectFilter(q: string): SQL {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    eq(cloudtrailEvents.accessKeyId, q),
    eq(cloudtrailEvents.userName, q),
    eq(cloudtrailEvents.principalArn, q),
    sql`${cloudtrailEvents.principalArn} like ${like}`,
  )!;
}

export type TrailEventFilter = {
  q: string;
  since: Date;
  accountIds?: readonly string[];
  regions?: readonly string[];
  services?: readonly string[];
  failedOnly?: boolean;
};

/** A subject's stored activity across accounts and regions, oldest first, within the reader's scope. */
export async function listSubjectEvents(
  db: Db,
  params: { scope: AccountScope; filter: TrailEventFilter; limit: number },
) {
  const f = params.filter;
  return db
    .select({
      id: cloudtrailEvents.id,
      accountId: cloudtrailEvents.accountId,
      region: cloudtrailEvents.region,
      eventTime: cloudtrailEvents.eventTime,
      eventName: cloudtrailEvents.eventName,
      eventSource: cloudtrailEvents.eventSource,
      userName: cloudtrailEvents.userName,
      accessKeyId: cloudtrailEvents.accessKeyId,
      principalArn: cloudtrailEvents.principalArn,
      sourceIp: cloudtrailEvents.sourceIp,
      userAgent: cloudtrailEvents.userAgent,
      errorCode: cloudtrailEvents.errorCode,
    })
    .from(cloudtrailEvents)
    .where(
      and(
        subjectFilter(f.q),
        gte(cloudtrailEvents.eventTime, f.since),
        inScope(cloudtrailEvents.accountId, params.scope),
        f.accountIds?.length ? inArray(cloudtrailEvents.accountId, [...f.accountIds]) : undefined,
        f.regions?.length ? inArray(cloudtrailEvents.region, [...f.regions]) : undefined,
        f.services?.length ? inArray(cloudtrailEvents.eventSource, [...f.services]) : undefined,
        f.failedOnly ? sql`${cloudtrailEvents.errorCode} is not null` : undefined,
      ),
    )
    .orderBy(asc(cloudtrailEvents.eventTime))
    .limit(params.limit);
}

export type SubjectEventRow = Awaited<ReturnType<typeof listSubjectEvents>>[number];

/** The newest stored event of a subject (whether a lookup is worth starting). */
export async function latestSubjectEvent(db: Db, params: { q: string; scope: AccountScope }) {
  const [row] = await db
    .select({ eventTime: cloudtrailEvents.eventTime })
    .from(cloudtrailEvents)
    .where(and(subjectFilter(params.q), inScope(cloudtrailEvents.accountId, params.scope)))
    .orderBy(desc(cloudtrailEvents.eventTime))
    .limit(1);
  return row ?? null;
}

/** Accounts whose CloudTrail the activity watch reads: active accounts of real (not demo) organizations. */
export async function listWatchedAccountIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: awsAccounts.id })
    .from(awsAccounts)
    .innerJoin(organizations, eq(organizations.id, awsAccounts.organizationId))
    .where(and(eq(awsAccounts.status, "active"), eq(organizations.isDemo, false)))
    .orderBy(asc(awsAccounts.id));
  return rows.map((r) => r.id);
}

/**
 * Who called a service in the given accounts over a window, most calls first: the SES senders behind
 * a sending spike on the Costs page. Each caller once per account, with its first and last call.
 */
export async function listServiceCallers(
  db: Db,
  params: {
    scope: AccountScope;
    accountIds: readonly string[];
    eventSource: string;
    from: Date;
    to: Date;
    limit: number;
  },
) {
  if (params.accountIds.length === 0) return [];
  const e = cloudtrailEvents;
  return db
    .select({
      accountId: e.accountId,
      principalArn: e.principalArn,
      userName: e.userName,
      accessKeyId: e.accessKeyId,
      calls: sql<number>`count(*)::int`,
      firstAt: sql<Date>`min(${e.eventTime})`.mapWith(e.eventTime),
      lastAt: sql<Date>`max(${e.eventTime})`.mapWith(e.eventTime),
    })
    .from(e)
    .where(
      and(
        inScope(e.accountId, params.scope),
        inArray(e.accountId, [...params.accountIds]),
        eq(e.eventSource, params.eventSource),
        gte(e.eventTime, params.from),
        sql`${e.eventTime} < ${params.to.toISOString()}::timestamptz`,
      ),
    )
    .groupBy(e.accountId, e.principalArn, e.userName, e.accessKeyId)
    .orderBy(desc(sql`count(*)`), e.accountId, e.principalArn)
    .limit(params.limit);
}
