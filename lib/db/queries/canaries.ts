import { and, asc, count, desc, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { awsAccounts, canaryEvents, canaryKeys, organizationalUnits } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

export async function listCanaryKeys(db: Db, scope: AccountScope) {
  return db
    .select({
      id: canaryKeys.id,
      accessKeyId: canaryKeys.accessKeyId,
      label: canaryKeys.label,
      plantedIn: canaryKeys.plantedIn,
      system: canaryKeys.system,
      repository: canaryKeys.repository,
      environment: canaryKeys.environment,
      owner: canaryKeys.owner,
      ownerAccountId: canaryKeys.ownerAccountId,
      ownerAccountName: awsAccounts.name,
      ouPath: awsAccounts.ouPath,
      iamUserName: canaryKeys.iamUserName,
      status: canaryKeys.status,
      lastEventAt: canaryKeys.lastEventAt,
      lastCheckedAt: canaryKeys.lastCheckedAt,
      checkError: canaryKeys.checkError,
      events: count(canaryEvents.id),
      scannerEvents: sql<number>`count(${canaryEvents.scanner})::int`,
    })
    .from(canaryKeys)
    .leftJoin(awsAccounts, eq(awsAccounts.id, canaryKeys.ownerAccountId))
    .leftJoin(canaryEvents, eq(canaryEvents.canaryKeyId, canaryKeys.id))
    .where(inScope(canaryKeys.ownerAccountId, scope))
    .groupBy(canaryKeys.id, awsAccounts.id)
    .orderBy(desc(canaryKeys.lastEventAt), desc(canaryKeys.createdAt));
}

export type CanaryKeyRow = Awaited<ReturnType<typeof listCanaryKeys>>[number];

/** The organization's OUs (for coverage: which have no canary in any of their accounts). */
export async function listOuPaths(db: Db): Promise<{ id: string; path: string }[]> {
  return db
    .select({ id: organizationalUnits.id, path: organizationalUnits.path })
    .from(organizationalUnits)
    .orderBy(asc(organizationalUnits.path));
}

export async function listCanaryEvents(db: Db, params: { scope: AccountScope; limit: number }) {
  return db
    .select({
      id: canaryEvents.id,
      canaryKeyId: canaryEvents.canaryKeyId,
      accessKeyId: canaryKeys.accessKeyId,
      label: canaryKeys.label,
      eventTime: canaryEvents.eventTime,
      eventName: canaryEvents.eventName,
      eventSource: canaryEvents.eventSource,
      awsRegion: canaryEvents.awsRegion,
      sourceIp: canaryEvents.sourceIp,
      userAgent: canaryEvents.userAgent,
      errorCode: canaryEvents.errorCode,
      scanner: canaryEvents.scanner,
      source: canaryEvents.source,
    })
    .from(canaryEvents)
    .innerJoin(canaryKeys, eq(canaryKeys.id, canaryEvents.canaryKeyId))
    .where(inScope(canaryKeys.ownerAccountId, params.scope))
    .orderBy(desc(canaryEvents.eventTime))
    .limit(params.limit);
}

export async function createCanaryKeyRow(db: Db, values: typeof canaryKeys.$inferInsert): Promise<string> {
  const [row] = await db.insert(canaryKeys).values(values).returning({ id: canaryKeys.id });
  return row!.id;
}

/** Registers a canary unless the same key id is already watched. */
export async function registerCanaryKey(
  db: Db,
  values: Omit<typeof canaryKeys.$inferInsert, "id" | "status">,
): Promise<{ ok: true; id: string } | { ok: false; reason: "duplicate" }> {
  const [existing] = await db
    .select({ id: canaryKeys.id })
    .from(canaryKeys)
    .where(and(eq(canaryKeys.accessKeyId, values.accessKeyId), ne(canaryKeys.status, "retired")));
  if (existing) return { ok: false, reason: "duplicate" };
  return { ok: true, id: await createCanaryKeyRow(db, { ...values, status: "active" }) };
}

export async function retireCanaryKey(db: Db, id: string) {
  const [row] = await db
    .update(canaryKeys)
    .set({ status: "retired" })
    .where(eq(canaryKeys.id, id))
    .returning({ id: canaryKeys.id, accessKeyId: canaryKeys.accessKeyId, label: canaryKeys.label });
  return row ?? null;
}

export type WatchedCanary = {
  id: string;
  accessKeyId: string;
  label: string;
  plantedIn: string | null;
  ownerAccountId: string | null;
  iamUserName: string | null;
  status: "active" | "tripped" | "retired";
  checkedUntil: Date | null;
  lastEventAt: Date | null;
  createdAt: Date;
};

/** Canaries the canary job watches (all but retired), optionally only those due for a look. */
export async function listWatchedCanaries(
  db: Db,
  params: { accountId?: string; dueBefore?: Date } = {},
): Promise<WatchedCanary[]> {
  return db
    .select({
      id: canaryKeys.id,
      accessKeyId: canaryKeys.accessKeyId,
      label: canaryKeys.label,
      plantedIn: canaryKeys.plantedIn,
      ownerAccountId: canaryKeys.ownerAccountId,
      iamUserName: canaryKeys.iamUserName,
      status: canaryKeys.status,
      checkedUntil: canaryKeys.checkedUntil,
      lastEventAt: canaryKeys.lastEventAt,
      createdAt: canaryKeys.createdAt,
    })
    .from(canaryKeys)
    .where(
      and(
        ne(canaryKeys.status, "retired"),
        params.accountId ? eq(canaryKeys.ownerAccountId, params.accountId) : undefined,
        params.dueBefore
          ? or(isNull(canaryKeys.lastCheckedAt), lte(canaryKeys.lastCheckedAt, params.dueBefore))
          : undefined,
      ),
    );
}

/** Records a look at some canaries: read up to `checkedUntil`, or why they could not be read. */
export async function recordCanaryCheck(
  db: Db,
  params: { ids: readonly string[]; at: Date; checkedUntil?: Date; error?: string | null },
): Promise<void> {
  if (params.ids.length === 0) return;
  await db
    .update(canaryKeys)
    .set({
      lastCheckedAt: params.at,
      checkError: params.error ?? null,
      ...(params.checkedUntil ? { checkedUntil: params.checkedUntil } : {}),
    })
    .where(inArray(canaryKeys.id, [...params.ids]));
}

/** Stores a canary's events (new ones only) and marks it tripped; answers the events that were new. */
export async function recordCanaryUse(
  db: Db,
  params: { canaryKeyId: string; events: (typeof canaryEvents.$inferInsert)[] },
): Promise<string[]> {
  if (params.events.length === 0) return [];
  const inserted = await db
    .insert(canaryEvents)
    .values(params.events)
    .onConflictDoNothing()
    .returning({ id: canaryEvents.id });
  const last = params.events.reduce((m, e) => (e.eventTime > m ? e.eventTime : m), params.events[0]!.eventTime);
  await db
    .update(canaryKeys)
    .set({
      status: "tripped",
      lastEventAt: sql`greatest(${canaryKeys.lastEventAt}, ${last.toISOString()}::timestamptz)`,
    })
    .where(and(eq(canaryKeys.id, params.canaryKeyId), ne(canaryKeys.status, "retired")));
  return inserted.map((r) => r.id);
}

export async function insertCanaryEvents(db: Db, rows: (typeof canaryEvents.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(canaryEvents).values(rows).onConflictDoNothing();
}
