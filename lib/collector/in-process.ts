import "server-only";
import { Cron } from "croner";
import { countRealOrganizations } from "@/lib/db/queries/accounts";
import { markStuckRuns } from "@/lib/db/queries/collection";
import { discardUnfinishedDemo, getDemoState } from "@/lib/db/queries/demo";
import { demoOrganization } from "@/lib/demo/organization";
import type { Db } from "@/lib/db/types";
import type { Env } from "@/lib/env";
import {
  registerInProcessCollector,
  registerInProcessLookups,
  type InProcessCollector,
  type InProcessStart,
} from "@/lib/jobs";
import { runCloudTrailLookup } from "./lookup";
import type { RunJobPayload } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { loadDemoOrganization } from "./demo";
import { processLookupPacers, runCanaryCycle } from "./canary";
import { runActivityWatch } from "./activity-watch";
import { listWatchedAccountIds } from "@/lib/db/queries/activity";
import { EXPIRY_CRON, canaryCron } from "@/lib/jobs/queues";
import { reopenExpiredSuppressions } from "@/lib/triage/expiry";
import { advanceFindingRollup } from "@/lib/db/queries/findings-rollup";
import { RETENTION_CRON } from "@/lib/domain/retention";
import { startPurgeInProcess } from "@/lib/settings/retention";
import { createCollectDeps } from "./deps";
import { runCostCollection } from "./cost-run";
import { installationCostSchedule } from "./schedule";
import { collectStartedRun, NoHubCredentialsError, RunInProgressError, startRun, type StartedRun } from "./run";
import { SettingsInvalidError, type CollectorSettings } from "./settings";

/**
 * Embedded mode: the server process is the only one that may open the database, so it collects
 * itself, on the schedule and on request, with the same handlers the queue workers use. One run
 * at a time: a request while one runs is answered "busy" (the running one is fresh).
 */
export async function startInProcessCollector(
  db: Db,
  env: Env,
  overrides: Parameters<typeof createCollectDeps>[2] = {},
): Promise<{ stop: () => void; collector: InProcessCollector }> {
  const deps = createCollectDeps(db, env, overrides);
  const abandoned = await markStuckRuns(db, new Date());
  if (abandoned.length > 0)
    log.warn("runs left open by a previous server process were marked stuck", { runIds: abandoned });

  let active: { runId: string | null } | null = null;
  const start = async (request: RunJobPayload): Promise<InProcessStart> => {
    if (deps.settings.hubCredentials === "none")
      return { kind: "no-credentials", message: new NoHubCredentialsError().message };
    if (active) return { kind: "busy", runId: active.runId };
    const current: { runId: string | null } = { runId: null };
    active = current;
    let started: StartedRun;
    try {
      started = await startRun(deps, request);
    } catch (err) {
      active = null;
      if (err instanceof RunInProgressError) return { kind: "busy", runId: err.runId };
      if (err instanceof SettingsInvalidError) {
        log.warn("collection refused: no check settings in force", { code: err.code, reason: err.message });
        return { kind: "failed", message: err.message };
      }
      log.error("collection failed before any account was collected", { trigger: request.trigger, err });
      return {
        kind: "failed",
        message: `Discovery failed: ${err instanceof Error ? err.message.slice(0, 300) : "unknown error"}. See the server log.`,
      };
    }
    current.runId = started.runId;
    // "Collect now" refreshes costs too, once discovery has refreshed the organization; the schedule has its own.
    if (request.trigger !== "schedule") void collectCostsNow(request);
    collectStartedRun(deps, started)
      .then((r) => log.info("run finished", { runId: r.runId, status: r.run?.status }))
      .catch((err: unknown) => log.error("collection failed", { runId: started.runId, err }))
      .finally(() => {
        active = null;
      });
    return { kind: "started", runId: started.runId };
  };
  let costsRunning = false;
  const collectCostsNow = async (request: RunJobPayload) => {
    if (costsRunning) return;
    costsRunning = true;
    try {
      const outcome = await runCostCollection(deps, request);
      if (outcome.kind !== "finished") log.info("cost collection not run", { ...outcome });
    } catch (err) {
      log.error("cost collection crashed", { err });
    } finally {
      costsRunning = false;
    }
  };
  const collector: InProcessCollector = {
    hasCredentials: deps.settings.hubCredentials !== "none",
    noCredentialsMessage: new NoHubCredentialsError().message,
    active: () => active,
    start,
  };
  registerInProcessCollector(collector);
  const lookupRegions = new Map<string, { regions: string[]; at: number }>();
  registerInProcessLookups((lookupId) => {
    void runCloudTrailLookup({ ...deps, pacers: processLookupPacers(), regionCache: lookupRegions }, lookupId).catch(
      (err: unknown) => log.error("CloudTrail lookup failed", { lookupId, err }),
    );
  });
  // Not awaited: the server answers while the demo loads, and the banner shows how far it got.
  const demoCheckSettings = demoOrganization.checkSettings;
  if (await shouldLoadDemo(db, env, deps.settings)) {
    loadDemoOrganization(db, { checks: deps.checks, orgChecks: deps.orgChecks })
      .then((r) => r.loaded && log.info("demo organization ready"))
      .catch(async (err: unknown) => {
        log.error("could not load the demo organization", { err });
        // Half a demo would block collection and look like data; the next start loads it afresh.
        await discardUnfinishedDemo(db, { demoCheckSettings }).catch((e: unknown) =>
          log.error("could not remove the unfinished demo organization", { err: e }),
        );
      });
  } else if (await discardUnfinishedDemo(db, { demoCheckSettings })) {
    // Only this process opens the embedded database, so an unfinished demo died with an earlier one.
    log.warn("an unfinished demo organization was removed; it is not loaded with this configuration");
  }
  // Suppressions expire on the clock, credentials or not (the demo has some too); the same minute
  // moves the findings rollup's SLA clock.
  const expiry = new Cron(EXPIRY_CRON, { timezone: "UTC", protect: true }, async () => {
    try {
      const r = await reopenExpiredSuppressions(db, { now: new Date() });
      if (r.reopened > 0) log.info("expired suppressions reopened", { ...r });
      await advanceFindingRollup(db, new Date(), { lockTimeoutMs: 2000 });
    } catch (err) {
      log.error("suppression expiry failed", { err });
    }
  });
  // History is trimmed daily whatever is collected; a purge already running (Purge now) makes it a no-op.
  const retention = new Cron(RETENTION_CRON, { timezone: "UTC", protect: true }, () => {
    if (!startPurgeInProcess(db, { trigger: "schedule" })) log.info("retention purge already running; skipped");
  });
  if (deps.settings.hubCredentials === "none") {
    log.info("no AWS credentials configured; scheduled collection is off until there are some");
    return {
      stop: () => {
        expiry.stop();
        retention.stop();
      },
      collector,
    };
  }
  const cron =
    deps.settings.schedule === "off"
      ? null
      : new Cron(deps.settings.schedule, { timezone: "UTC", protect: true }, () => {
          void start({ trigger: "schedule" }).then(
            (r) =>
              r.kind === "busy" && log.info("collection already running; scheduled run skipped", { runId: r.runId }),
          );
        });
  const costCron = await installationCostSchedule(db, deps.settings.costSchedule);
  const costs =
    costCron === "off"
      ? null
      : new Cron(costCron, { timezone: "UTC", protect: true }, () => void collectCostsNow({ trigger: "schedule" }));
  const canaryRegions = new Map<string, { regions: string[]; at: number }>();
  const canaries = new Cron(
    canaryCron(deps.settings.canaryIntervalMinutes),
    { timezone: "UTC", protect: true },
    async () => {
      try {
        // The demo's accounts are simulated: nothing to read in CloudTrail.
        if ((await getDemoState(db)).present) return;
        const c = await runCanaryCycle({ ...deps, pacers: processLookupPacers(), regionCache: canaryRegions });
        if (c.canaries > 0) log.info("canary cycle", { ...c });
        const w = await runActivityWatch({
          ...deps,
          pacers: processLookupPacers(),
          settingsFile: deps.settings.settingsFile,
          accountIds: await listWatchedAccountIds(db),
        });
        if (w.accounts > 0) log.info("activity watch", { ...w });
      } catch (err) {
        log.error("canary cycle failed", { err });
      }
    },
  );
  return {
    stop: () => {
      cron?.stop();
      costs?.stop();
      canaries.stop();
      expiry.stop();
      retention.stop();
    },
    collector,
  };
}

/**
 * Someone trying Posture without AWS gets the demo organization at first start; a real organization
 * never gets it unasked ("on" forces it), and once someone removed it, no start loads it again.
 */
export async function shouldLoadDemo(
  db: Db,
  env: Pick<Env, "POSTURE_DEMO">,
  settings: Pick<CollectorSettings, "hubCredentials">,
): Promise<boolean> {
  if (env.POSTURE_DEMO === "off") return false;
  const demo = await getDemoState(db);
  if (!demo.present && demo.removed) return false;
  if (env.POSTURE_DEMO === "on") return true;
  return settings.hubCredentials === "none" && (await countRealOrganizations(db)) === 0;
}
