// `npm run demo`: loads the demo organization into the configured database (`-- --remove` removes it).
import { env } from "../lib/env";
import { openDatabase } from "../lib/db/open";
import { checks, orgChecks } from "../lib/checks/registry";
import { loadDemoOrganization, removeDemoOrganization } from "../lib/collector/demo";

const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.POSTURE_DATA_DIR });
try {
  if (process.argv.includes("--remove")) {
    console.log((await removeDemoOrganization(handle.db)) ? "demo organization removed" : "no demo organization to remove");
  } else {
    const started = Date.now();
    const result = await loadDemoOrganization(handle.db, { checks, orgChecks });
    console.log(result.loaded ? `demo organization loaded in ${((Date.now() - started) / 1000).toFixed(1)} s` : "demo organization already loaded");
  }
} finally {
  await handle.close();
}
