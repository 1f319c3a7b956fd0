import "server-only";
import { catalogRows } from "@/lib/checks/catalog-rows";
import type { RunTrigger } from "@/lib/domain/vocabulary";
import {
  createRun,
  findActiveRun,
  getRun,
  listRunJobStates,
  markStuckRuns,
  saveDiscoveredOrganization,
  syncCheckCatalog,
} from "@/lib/db/queries/collection";
import { RunClosedError } from "@/lib/db/queries/snapshot";
import { QUEUES } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { collectAccount, recordAccountFailure, type CollectDeps } from "./collect-account";
import { discoverAccounts } from "./discover";
import { mapLimited } from "@/lib/concurrency";
import { requireCheckSettings } from "./settings";

export type StartedRun = { runId: string; organizationId: string; accountIds: string[] };

/** Discovers the organization, records it, and opens a run with one job per account. */
export class NoHubCredentialsError extends Error {
  override name = "NoHubCredentialsError";
  constructor() {
    super(
      "No AWS credentials are configured for the hub: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/…, a web identity or container credentials), " +
        "or POSTURE_USE_INSTANCE_ROLE=true on EC2. See docs/onboarding.md.",
    );
  }
}

export class RunInProgressError extends Error {
  override name = "RunInProgressError";
  constructor(readonly runId: string) {
    super(
      `Collection run ${runId} is still in progress; a second one would race it. Wait for it, or for it to be marked stuck.`,
    );
  }
}

export async function startRun(
  deps: CollectDeps,
  params: { trigger: RunTrigger; requestedBy?: string },
): Promise<StartedRun> {
  if (deps.settings.hubCredentials === "none") throw new NoHubCredentialsError();
  // Refused before anything is written when no check settings are in force (a bad settings file).
  const checkSettings = await requireCheckSettings(deps.db, deps.settings);
  const now = deps.now?.() ?? new Date();
  // Never gives up a run that a queued job can still finish (server mode: the workers' queue).
  await markStuckRuns(
    deps.db,
    new Date(now.getTime() - deps.settings.stuckAfterMs),
    await listRunJobStates(deps.db, QUEUES.account),
  );

  await syncCheckCatalog(deps.db, catalogRows([...deps.checks, ...deps.orgChecks]));
  // The environment rule is an organization setting an admin may change on the Settings page.
  const found = await discoverAccounts(deps.aws, {
    ...deps.settings,
    environmentTag: checkSettings.environmentTag ?? deps.settings.environmentTag,
  });
  const organizationId = await saveDiscoveredOrganization(deps.db, found);
  const active = await findActiveRun(deps.db, organizationId);
  if (active) throw new RunInProgressError(active);
  const accountIds = found.accounts.map((a) => a.id);
  const runId = await createRun(deps.db, {
    organizationId,
    trigger: params.trigger,
    requestedBy: params.requestedBy,
    accountsTotal: accountIds.length,
    now,
  });
  log.info("run started", { runId, mode: found.discoveryMode, accounts: accountIds.length });
  return { runId, organizationId, accountIds };
}

/**
 * One whole collection in this process: the embedded mode's executor and `npm run collect`. The
 * same handlers serve the queue workers in server mode. An account that throws (a database error,
 * a bug) is recorded as one failed unit and the others go on.
 */
export async function runCollection(deps: CollectDeps, params: { trigger: RunTrigger; requestedBy?: string }) {
  return collectStartedRun(deps, await startRun(deps, params));
}

/** Collects every account of a run opened by startRun, in this process. */
export async function collectStartedRun(deps: CollectDeps, started: StartedRun) {
  await mapLimited(started.accountIds, deps.settings.accountConcurrency, async (accountId) => {
    try {
      await collectAccount(deps, { runId: started.runId, accountId });
    } catch (err) {
      if (err instanceof RunClosedError) return;
      log.error("account collection crashed", { runId: started.runId, accountId, err });
      await recordAccountFailure(deps, { runId: started.runId, accountId }, err).catch((e: unknown) =>
        log.error("could not record the crash; the run will be marked stuck", {
          runId: started.runId,
          accountId,
          err: e,
        }),
      );
    }
  });
  return { ...started, run: await getRun(deps.db, started.runId) };
}
