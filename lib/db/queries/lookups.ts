import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { awsAccounts, cloudtrailLookups, organizations, type LookupProblem } from "../schema";
import type { LookupProgress } from "@/lib/contracts/investigate";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

/** Active accounts of real (not demo) organizations within a scope: where an on-demand lookup reads. */
export async function listLookupAccountIds(db: Db, params: { scope: AccountScope }): Promise<string[]> {
  const rows = await db
    .select({ id: awsAccounts.id })
    .from(awsAccounts)
    .innerJoin(organizations, eq(organizations.id, awsAccounts.organizationId))
    .where(
      and(eq(awsAccounts.status, "active"), eq(organizations.isDemo, false), inScope(awsAccounts.id, params.scope)),
    )
    .orderBy(asc(awsAccounts.id));
  return rows.map((r) => r.id);
}

export async function createLookup(
  db: Db,
  params: {
    subject: string;
    attribute: "AccessKeyId" | "Username";
    days: number;
    accountIds: string[];
    requestedBy: string;
  },
): Promise<string> {
  const [row] = await db.insert(cloudtrailLookups).values(params).returning({ id: cloudtrailLookups.id });
  return row!.id;
}

/** A lookup, only for the user who asked for it (admins: any). */
export async function getLookup(db: Db, params: { id: string; userId: string; admin: boolean }) {
  const [row] = await db
    .select()
    .from(cloudtrailLookups)
    .where(
      and(
        eq(cloudtrailLookups.id, params.id),
        params.admin ? undefined : eq(cloudtrailLookups.requestedBy, params.userId),
      ),
    );
  return row ?? null;
}

/** The newest lookups of a subject by one user, for the investigation page to pick up a running one. */
export async function latestLookup(db: Db, params: { subject: string; userId: string }) {
  const [row] = await db
    .select()
    .from(cloudtrailLookups)
    .where(and(eq(cloudtrailLookups.subject, params.subject), eq(cloudtrailLookups.requestedBy, params.userId)))
    .orderBy(desc(cloudtrailLookups.createdAt))
    .limit(1);
  return row ?? null;
}

/** The job's own read: no user filter (the job runs for whoever asked). */
export async function getLookupForJob(db: Db, id: string) {
  const [row] = await db.select().from(cloudtrailLookups).where(eq(cloudtrailLookups.id, id));
  return row ?? null;
}

export async function startLookup(db: Db, params: { id: string; unitsTotal: number }): Promise<void> {
  await db
    .update(cloudtrailLookups)
    .set({ status: "running", unitsTotal: params.unitsTotal })
    .where(eq(cloudtrailLookups.id, params.id));
}

/** One account × region (or a whole account that could not be read) is done. */
export async function addLookupProgress(
  db: Db,
  params: { id: string; units: number; events: number; capped: boolean; problems: LookupProblem[] },
): Promise<void> {
  await db
    .update(cloudtrailLookups)
    .set({
      unitsDone: sql`${cloudtrailLookups.unitsDone} + ${params.units}`,
      events: sql`${cloudtrailLookups.events} + ${params.events}`,
      capped: params.capped ? true : undefined,
      problems: params.problems.length
        ? sql`${cloudtrailLookups.problems} || ${JSON.stringify(params.problems)}::jsonb`
        : undefined,
    })
    .where(eq(cloudtrailLookups.id, params.id));
}

export async function finishLookup(db: Db, params: { id: string; status: "done" | "failed"; at: Date }): Promise<void> {
  await db
    .update(cloudtrailLookups)
    .set({ status: params.status, finishedAt: params.at })
    .where(and(eq(cloudtrailLookups.id, params.id), inArray(cloudtrailLookups.status, ["queued", "running"])));
}

/** A stored lookup as its contract answers it. */
export function toLookupProgress(row: typeof cloudtrailLookups.$inferSelect): LookupProgress {
  return {
    id: row.id,
    subject: row.subject,
    attribute: row.attribute,
    days: row.days,
    status: row.status,
    accountsTotal: row.unitsTotal || row.accountIds.length,
    accountsDone: row.unitsDone,
    events: row.events,
    capped: row.capped,
    problems: row.problems,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
