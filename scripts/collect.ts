// `npm run collect`: one collection run now, in this process, against the configured database.
// Prints one line per unit as it finishes (JSON log) and a summary; exits 1 when the run failed.
import { env } from "../lib/env";
import { openDatabase } from "../lib/db/open";
import { createCollectDeps } from "../lib/collector/deps";
import { runCollection } from "../lib/collector/run";

const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.POSTURE_DATA_DIR });
let exitCode = 0;
try {
  const result = await runCollection(createCollectDeps(handle.db, env), { trigger: "cli" });
  const run = result.run!;
  console.log(
    `run ${run.id}: ${run.status} — ${run.accountsDone}/${run.accountsTotal} accounts, ${run.unitsDone}/${run.unitsTotal} units` +
      ` (${run.unitsFailed} failed), ${run.apiCalls} API calls (${run.throttledCalls} throttled)`,
  );
  if (run.status === "failed") exitCode = 1;
} catch (err) {
  console.error(`collection failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
