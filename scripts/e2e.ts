// `npm run test:e2e`: builds if needed, gives the run its own Postgres database and embedded data
// folder, runs Playwright against two production servers (Postgres and embedded), then cleans up.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { freePort } from "../test/free-port";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../lib/db/open";
import { createTestDatabase } from "../test/postgres";
import { ensureBuild } from "./lib/build";

ensureBuild();
const database = await createTestDatabase("posture_e2e");
const dataDir = mkdtempSync(path.join(tmpdir(), "posture-e2e-"));
const demoDataDir = mkdtempSync(path.join(tmpdir(), "posture-e2e-demo-"));
let status = 1;
try {
  // Migrate up front so the Postgres server and the test's seeding never race on a fresh schema.
  await (await openDatabase({ url: database.url })).close();
  const [pgPort, embeddedPort, demoPort] = [await freePort(), await freePort(), await freePort()];
  const result = spawnSync("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: {
      ...process.env,
      E2E_DATABASE_URL: database.url,
      E2E_DATA_DIR: dataDir,
      E2E_PG_PORT: String(pgPort),
      E2E_EMBEDDED_PORT: String(embeddedPort),
      E2E_DEMO_PORT: String(demoPort),
      E2E_DEMO_DATA_DIR: demoDataDir,
    },
  });
  status = result.status ?? 1;
} finally {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(demoDataDir, { recursive: true, force: true });
}
process.exit(status);
