import { asc, desc, eq } from "drizzle-orm";
import { awsAccounts, organizations } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

export async function listAccounts(db: Db, scope: AccountScope) {
  return db
    .select({
      id: awsAccounts.id,
      name: awsAccounts.name,
      email: awsAccounts.email,
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
export async function listOrganizations(db: Db) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      discoveryMode: organizations.discoveryMode,
      isDemo: organizations.isDemo,
      managementAccountId: organizations.managementAccountId,
    })
    .from(organizations)
    .orderBy(desc(organizations.createdAt));
}
