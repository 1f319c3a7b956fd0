import { and, asc, desc, eq, exists, inArray, sql } from "drizzle-orm";
import { awsAccounts, canaryKeys, organizations } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

export async function listAccounts(db: Db, scope: AccountScope) {
  return db
    .select({
      id: awsAccounts.id,
      name: awsAccounts.name,
      email: awsAccounts.email,
      ouId: awsAccounts.ouId,
      ouPath: awsAccounts.ouPath,
      environment: awsAccounts.environment,
      status: awsAccounts.status,
      isManagement: awsAccounts.isManagement,
      lastCollectedAt: awsAccounts.lastCollectedAt,
      lastCollectionStatus: awsAccounts.lastCollectionStatus,
      lastRunId: awsAccounts.lastRunId,
      organizationName: organizations.name,
      isDemo: organizations.isDemo,
    })
    .from(awsAccounts)
    .innerJoin(organizations, eq(organizations.id, awsAccounts.organizationId))
    .where(inScope(awsAccounts.id, scope))
    .orderBy(asc(awsAccounts.environment), asc(awsAccounts.name));
}

export type AccountRow = Awaited<ReturnType<typeof listAccounts>>[number];

/** Organizations are not account-scoped data: names and discovery mode only. */
/** The organizations the reader has at least one account in (all of them for an unlimited scope). */
export async function listOrganizations(db: Db, scope: AccountScope) {
  const visible = scope.all
    ? undefined
    : exists(
        db
          .select({ one: sql`1` })
          .from(awsAccounts)
          .where(and(eq(awsAccounts.organizationId, organizations.id), inScope(awsAccounts.id, scope))),
      );
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      discoveryMode: organizations.discoveryMode,
      isDemo: organizations.isDemo,
      managementAccountId: organizations.managementAccountId,
    })
    .from(organizations)
    .where(visible)
    .orderBy(desc(organizations.createdAt));
}

export async function findDemoOrganization(db: Db): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.isDemo, true))
    .limit(1);
  return row ?? null;
}

export async function countRealOrganizations(db: Db): Promise<number> {
  const rows = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.isDemo, false));
  return rows.length;
}

/**
 * Removes an organization with everything collected for it: its accounts cascade to findings,
 * runs, costs and rollups. Canary keys owned by its accounts go too.
 */
export async function deleteOrganization(db: Db, organizationId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const accounts = await tx
      .select({ id: awsAccounts.id })
      .from(awsAccounts)
      .where(eq(awsAccounts.organizationId, organizationId));
    if (accounts.length > 0)
      await tx.delete(canaryKeys).where(
        inArray(
          canaryKeys.ownerAccountId,
          accounts.map((a) => a.id),
        ),
      );
    await tx.delete(organizations).where(eq(organizations.id, organizationId));
  });
}
