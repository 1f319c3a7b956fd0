import "server-only";
import { Cron } from "croner";
import { countRealOrganizations } from "@/lib/db/queries/accounts";
import { markStuckRuns } from "@/lib/db/queries/collection";
import type { Db } from "@/lib/db/types";
import type { Env } from "@/lib/env";
import { registerInProcessCollector } from "@/lib/jobs";
import type { RunJobPayload } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { loadDemoOrganization } from "./demo";
import { createCollectDeps } from "./deps";
import { runCollection } from "./run";

/**
 * Embedded mode: the server process is the only one that may open the database, so it collects
 * itself, on the schedule and on request, with the same handlers the queue workers use. One run
 * at a time; a request while one runs is dropped with a log line (the running one is fresh).
 */
export async function startInProcessCollector(db: Db, env: Env): Promise<{ stop: () => void }> {
  const deps = createCollectDeps(db, env);
  const abandoned = await markStuckRuns(db, new Date());
  if (abandoned.length > 0) log.warn("runs left open by a previous server process were marked stuck", { runIds: abandoned });

  let running = false;
  const collect = (request: RunJobPayload) => {
    if (running) {
      log.info("collection already running; request dropped", { trigger: request.trigger });
      return;
    }
    running = true;
    runCollection(deps, request)
      .then((r) => log.info("run finished", { runId: r.runId, status: r.run?.status }))
      .catch((err: unknown) => log.error("collection failed before any account was collected", { err }))
      .finally(() => {
        running = false;
      });
  };
  registerInProcessCollector(collect);
  // Someone trying Posture without AWS gets the demo organization; a real one never gets it unasked.
  const wantDemo = env.POSTURE_DEMO === "on" || (env.POSTURE_DEMO === "auto" && deps.settings.hubCredentials === "none" && (await countRealOrganizations(db)) === 0);
  if (wantDemo) {
    loadDemoOrganization(db, { checks: deps.checks, orgChecks: deps.orgChecks })
      .then((r) => r.loaded && log.info("demo organization ready"))
      .catch((err: unknown) => log.error("could not load the demo organization", { err }));
  }
  if (deps.settings.hubCredentials === "none") {
    log.info("no AWS credentials configured; scheduled collection is off until there are some");
    return { stop: () => {} };
  }
  const cron = deps.settings.schedule === "off" ? null : new Cron(deps.settings.schedule, { timezone: "UTC", protect: true }, () => collect({ trigger: "schedule" }));
  return { stop: () => cron?.stop() };
}
