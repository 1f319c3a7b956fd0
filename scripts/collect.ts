// `npm run collect`: one collection run now, in this process; a JSON log line per unit and a summary.
// `-- --cancel <run id>` cancels a run; `-- --schedule "<cron>|off"` sets the installation's schedule,
// `-- --cost-schedule "<cron>|off"` the Cost Explorer collection's; `-- --costs` collects costs only.
import { parseArgs } from "node:util";
import { env } from "../lib/env";
import { openDatabase } from "../lib/db/open";
import { createCollectDeps } from "../lib/collector/deps";
import { runCollection } from "../lib/collector/run";
import { setInstallationCostSchedule, setInstallationSchedule } from "../lib/collector/schedule";
import { runCostCollection } from "../lib/collector/cost-run";
import { audit } from "../lib/db/queries/audit";
import { cancelRun, getRun } from "../lib/db/queries/collection";
import { parseEnv } from "../lib/env";

const { values } = parseArgs({
  options: {
    cancel: { type: "string" },
    schedule: { type: "string" },
    "cost-schedule": { type: "string" },
    costs: { type: "boolean" },
  },
});
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.POSTURE_DATA_DIR });
let exitCode = 0;
try {
  if (values.cancel !== undefined) exitCode = await cancel(values.cancel);
  else if (values.schedule !== undefined) exitCode = await schedule(values.schedule);
  else if (values["cost-schedule"] !== undefined) exitCode = await costSchedule(values["cost-schedule"]);
  else if (values.costs) {
    const outcome = await runCostCollection(createCollectDeps(handle.db, env), { trigger: "cli" });
    console.log(`costs: ${JSON.stringify(outcome)}`);
    if (outcome.kind === "finished" && outcome.status === "failed") exitCode = 1;
  } else {
    const result = await runCollection(createCollectDeps(handle.db, env), { trigger: "cli" });
    const run = result.run!;
    console.log(
      `run ${run.id}: ${run.status} — ${run.accountsDone}/${run.accountsTotal} accounts, ${run.unitsDone}/${run.unitsTotal} units` +
        ` (${run.unitsFailed} failed), ${run.apiCalls} API calls (${run.throttledCalls} throttled)`,
    );
    if (run.status === "failed") exitCode = 1;
  }
} catch (err) {
  console.error(`collection failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);

async function cancel(runId: string): Promise<number> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) {
    console.error(`--cancel needs a run id (a UUID from the Runs page), not "${runId}"`);
    return 2;
  }
  const outcome = await handle.db.transaction(async (tx) => {
    const before = await getRun(tx, runId);
    if (!before) return "no such run";
    if (!(await cancelRun(tx, runId, { by: "npm run collect -- --cancel" })))
      return `the run has already ended (${before.status})`;
    await audit(tx, {
      action: "collection.cancel",
      outcome: "success",
      target: { type: "run", id: runId },
      details: { from: before.status, via: "cli" },
    });
    return null;
  });
  if (outcome) {
    console.error(`run ${runId}: not cancelled: ${outcome}`);
    return 1;
  }
  console.log(`run ${runId}: cancelled; workers stop its accounts at their next AWS call`);
  return 0;
}

async function schedule(cron: string): Promise<number> {
  // The same validation as POSTURE_SCHEDULE.
  const parsed = parseEnv({ POSTURE_SCHEDULE: cron }).POSTURE_SCHEDULE;
  await handle.db.transaction(async (tx) => {
    await setInstallationSchedule(tx, parsed);
    await audit(tx, { action: "collection.schedule", outcome: "success", details: { schedule: parsed, via: "cli" } });
  });
  console.log(`schedule: ${parsed === "off" ? "off" : `${parsed} (UTC)`}; workers apply it within a minute`);
  return 0;
}

async function costSchedule(cron: string): Promise<number> {
  const parsed = parseEnv({ POSTURE_COST_SCHEDULE: cron }).POSTURE_COST_SCHEDULE;
  await handle.db.transaction(async (tx) => {
    await setInstallationCostSchedule(tx, parsed);
    await audit(tx, {
      action: "collection.cost_schedule",
      outcome: "success",
      details: { schedule: parsed, via: "cli" },
    });
  });
  console.log(`cost schedule: ${parsed === "off" ? "off" : `${parsed} (UTC)`}; workers apply it within a minute`);
  return 0;
}
