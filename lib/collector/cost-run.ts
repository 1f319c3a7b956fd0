import "server-only";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { newAccountRetryStrategy, newCallStats } from "@/lib/aws/clients";
import { getAwsAnomalies, shiftDay } from "@/lib/aws/costexplorer/costexplorer";
import type { RequestCounter } from "@/lib/aws/costexplorer/types";
import { AssumeRoleError, assumeAuditRole, roleArnFor } from "@/lib/aws/credentials";
import { classifyAwsError } from "@/lib/aws/errors";
import { finishCostRun, findCostPayer, openCostRun } from "@/lib/db/queries/cost-runs";
import { knownAccountIds, upsertAwsAnomalies } from "@/lib/db/queries/costs";
import type { Db } from "@/lib/db/types";
import { getDemoState } from "@/lib/db/queries/demo";
import type { RunTrigger } from "@/lib/domain/vocabulary";
import { log } from "@/lib/log";
import type { CollectDeps } from "./collect-account";
import { collectCosts, type CostCollectionResult } from "./costs";
import { requireCheckSettings, SettingsInvalidError } from "./settings";

/** Cost Explorer is served from us-east-1 (aws partition) whatever the hub's region. */
export const COST_EXPLORER_REGION = "us-east-1";
/** A cost run still "running" after this long died with its process; a new one may start. */
const COST_RUN_STALE_MS = 60 * 60_000;
const COST_RUN_DEADLINE_MS = 30 * 60_000;

export type CostRunDeps = Pick<CollectDeps, "db" | "aws" | "settings"> & { now?: () => Date };

export type CostRunResult =
  | { kind: "skipped"; reason: string }
  | { kind: "busy"; costRunId: string }
  | { kind: "finished"; costRunId: string; status: "succeeded" | "partial" | "failed"; result?: CostCollectionResult };

/**
 * One cost collection, as its own run kind: assume the audit role in the payer (management) account,
 * read Cost Explorer there, store days and incidents. A failure ends the cost run with an error code
 * and deletes nothing; the costs already stored stay as they were.
 */
export async function runCostCollection(
  deps: CostRunDeps,
  params: { trigger: RunTrigger; requestedBy?: string },
): Promise<CostRunResult> {
  const now = deps.now?.() ?? new Date();
  if ((await getDemoState(deps.db)).present)
    return { kind: "skipped", reason: "the demo organization is shown: simulated and real costs never mix" };
  const payer = await findCostPayer(deps.db);
  if (!payer) return { kind: "skipped", reason: "no organization has been discovered yet" };
  const { settings } = deps;
  const opened = await openCostRun(deps.db, {
    organizationId: payer.organizationId,
    trigger: params.trigger,
    payerAccount: payer.account?.id ?? null,
    metric: settings.costMetric,
    now,
    staleAfterMs: COST_RUN_STALE_MS,
  });
  if ("busy" in opened) return { kind: "busy", costRunId: opened.busy };
  const costRunId = opened.id;
  const counter: RequestCounter = { requests: 0 };
  const fail = async (code: string, message: string): Promise<CostRunResult> => {
    log.warn("cost collection failed", { costRunId, code, message });
    await finishCostRun(deps.db, costRunId, {
      status: "failed",
      requests: counter.requests,
      errorCode: code,
      errorMessage: message,
      finishedAt: deps.now?.() ?? new Date(),
    });
    return { kind: "finished", costRunId, status: "failed" };
  };
  if (!payer.account)
    return fail(
      "NoPayerAccount",
      "The organization names no management account: Cost Explorer is read from the payer account.",
    );
  let unusedRegions: readonly string[];
  try {
    unusedRegions = (await requireCheckSettings(deps.db, settings)).unusedRegions ?? [];
  } catch (err) {
    if (err instanceof SettingsInvalidError) return fail(err.code, err.message);
    throw err;
  }
  const account = payer.account;
  const roleName =
    account.isManagement && settings.managementRoleName ? settings.managementRoleName : settings.roleName;
  const credentials = assumeAuditRole({
    sts: deps.aws.hubSts(),
    roleArn: settings.roleOverrides[account.id] ?? account.roleArn ?? roleArnFor(account.id, roleName),
    externalId: settings.externalId,
    sessionName: `posture-costs-${costRunId.slice(0, 8)}`,
  });
  const ce = deps.aws
    .account({ credentials, stats: newCallStats(), retry: newAccountRetryStrategy(settings.maxAttempts) })
    .client(CostExplorerClient, COST_EXPLORER_REGION);
  try {
    await credentials();
    const result = await collectCosts(deps.db, ce, {
      metric: settings.costMetric,
      unusedRegions,
      now,
      counter,
      signal: AbortSignal.timeout(COST_RUN_DEADLINE_MS),
    });
    const before = counter.requests;
    const anomalies = await readAwsAnomalies(deps.db, ce, now, counter);
    const problems = [
      ...(result.rootCauseFailures > 0
        ? [
            `${result.rootCauseFailures} root-cause ${result.rootCauseFailures === 1 ? "query" : "queries"} failed; those incidents have no root cause.`,
          ]
        : []),
      ...(anomalies.error ? [`Cost Anomaly Detection could not be read: ${anomalies.error}`] : []),
    ];
    const status = problems.length > 0 ? "partial" : "succeeded";
    await finishCostRun(deps.db, costRunId, {
      status,
      anomalyService: anomalies.state,
      anomalyRequests: counter.requests - before,
      fromDay: result.from,
      toDay: result.to,
      backfill: result.backfill,
      requests: counter.requests,
      rootCauseRequests: result.rootCauseRequests,
      lines: result.lines,
      incidents: result.incidents,
      errorCode: result.rootCauseFailures > 0 ? "RootCauseFailed" : anomalies.error ? "AnomaliesFailed" : null,
      errorMessage: problems.length > 0 ? problems.join(" ") : null,
      finishedAt: deps.now?.() ?? new Date(),
    });
    log.info("cost collection finished", { costRunId, status, requests: result.requests, lines: result.lines });
    return { kind: "finished", costRunId, status, result };
  } catch (err) {
    const c = err instanceof AssumeRoleError ? { code: err.code, message: err.message } : classifyAwsError(err);
    return fail(c.code, c.message);
  }
}

/** AWS's own anomalies of the last 90 days, stored for the accounts the organization knows. */
async function readAwsAnomalies(
  db: Db,
  ce: CostExplorerClient,
  now: Date,
  counter: RequestCounter,
): Promise<{ state: "used" | "not_used" | "failed"; error?: string }> {
  const today = now.toISOString().slice(0, 10);
  try {
    const read = await getAwsAnomalies(ce, { start: shiftDay(today, -90), end: today }, counter);
    if (read.state === "not_used") return { state: "not_used" };
    const known = await knownAccountIds(db, [...new Set(read.anomalies.map((a) => a.accountId))]);
    await upsertAwsAnomalies(
      db,
      read.anomalies.filter((a) => known.has(a.accountId)).map((a) => ({ ...a, collectedAt: now })),
    );
    return { state: "used" };
  } catch (err) {
    return { state: "failed", error: classifyAwsError(err).message };
  }
}
