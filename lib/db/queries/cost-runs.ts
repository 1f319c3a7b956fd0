import { and, asc, desc, eq, gt, isNotNull } from "drizzle-orm";
import { awsAccounts, costRuns, organizations } from "@/lib/db/schema";
import type { RunTrigger } from "@/lib/domain/vocabulary";
import type { Db } from "@/lib/db/types";

export type CostPayer = {
  organizationId: string;
  /** The account Cost Explorer is read from; null when the organization names none. */
  account: { id: string; roleArn: string | null; isManagement: boolean } | null;
};

/**
 * The payer whose Cost Explorer holds the organization's spend: the newest real organization's
 * management account, or its only account when it is a standalone one (single or configured mode).
 */
export async function findCostPayer(db: Db): Promise<CostPayer | null> {
  const [org] = await db
    .select({ id: organizations.id, managementAccountId: organizations.managementAccountId })
    .from(organizations)
    .where(eq(organizations.isDemo, false))
    .orderBy(desc(organizations.updatedAt))
    .limit(1);
  if (!org) return null;
  const accounts = await db
    .select({ id: awsAccounts.id, roleArn: awsAccounts.roleArn, isManagement: awsAccounts.isManagement })
    .from(awsAccounts)
    .where(and(eq(awsAccounts.organizationId, org.id), eq(awsAccounts.status, "active")))
    .orderBy(asc(awsAccounts.id));
  const management =
    accounts.find((a) => a.isManagement || a.id === org.managementAccountId) ??
    (accounts.length === 1 ? accounts[0]! : null);
  return { organizationId: org.id, account: management };
}

/** Opens a cost run unless one started within `staleAfterMs` is still running (its id is returned as busy). */
export async function openCostRun(
  db: Db,
  p: {
    organizationId: string;
    trigger: RunTrigger;
    payerAccount: string | null;
    metric: string;
    now: Date;
    staleAfterMs: number;
  },
): Promise<{ id: string } | { busy: string }> {
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select({ id: costRuns.id })
      .from(costRuns)
      .where(
        and(
          eq(costRuns.organizationId, p.organizationId),
          eq(costRuns.status, "running"),
          gt(costRuns.startedAt, new Date(p.now.getTime() - p.staleAfterMs)),
        ),
      )
      .limit(1)
      .for("update");
    if (running) return { busy: running.id };
    const [row] = await tx
      .insert(costRuns)
      .values({
        organizationId: p.organizationId,
        trigger: p.trigger,
        payerAccount: p.payerAccount,
        metric: p.metric,
        startedAt: p.now,
      })
      .returning({ id: costRuns.id });
    return { id: row!.id };
  });
}

export type CostRunOutcome = {
  status: "succeeded" | "partial" | "failed";
  fromDay?: string | null;
  toDay?: string | null;
  backfill?: boolean;
  requests: number;
  rootCauseRequests?: number;
  lines?: number;
  incidents?: number;
  errorCode?: string | null;
  errorMessage?: string | null;
  anomalyService?: "used" | "not_used" | "failed" | null;
  anomalyRequests?: number;
  finishedAt: Date;
};

export async function finishCostRun(db: Db, id: string, outcome: CostRunOutcome): Promise<void> {
  await db.update(costRuns).set(outcome).where(eq(costRuns.id, id));
}

export async function listCostRuns(db: Db, opts: { limit: number }) {
  return db
    .select({
      id: costRuns.id,
      trigger: costRuns.trigger,
      status: costRuns.status,
      payerAccount: costRuns.payerAccount,
      metric: costRuns.metric,
      fromDay: costRuns.fromDay,
      toDay: costRuns.toDay,
      backfill: costRuns.backfill,
      requests: costRuns.requests,
      rootCauseRequests: costRuns.rootCauseRequests,
      lines: costRuns.lines,
      incidents: costRuns.incidents,
      errorCode: costRuns.errorCode,
      errorMessage: costRuns.errorMessage,
      anomalyService: costRuns.anomalyService,
      anomalyRequests: costRuns.anomalyRequests,
      startedAt: costRuns.startedAt,
      finishedAt: costRuns.finishedAt,
      organizationName: organizations.name,
    })
    .from(costRuns)
    .innerJoin(organizations, eq(organizations.id, costRuns.organizationId))
    .orderBy(desc(costRuns.startedAt))
    .limit(opts.limit);
}

export type CostRunRow = Awaited<ReturnType<typeof listCostRuns>>[number];

/** What the latest finished cost run knew of AWS Cost Anomaly Detection (organization-wide, no account data). */
export async function latestAnomalyServiceState(db: Db): Promise<"used" | "not_used" | "failed" | null> {
  const [row] = await db
    .select({ state: costRuns.anomalyService })
    .from(costRuns)
    .where(isNotNull(costRuns.anomalyService))
    .orderBy(desc(costRuns.startedAt))
    .limit(1);
  return row?.state ?? null;
}
