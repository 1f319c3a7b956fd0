// `npm run demo`: loads the demo organization into the configured database (`-- --remove` removes it).
import { env } from "../lib/env";
import { openDatabase } from "../lib/db/open";
import { checks, orgChecks } from "../lib/checks/registry";
import { loadDemoOrganization } from "../lib/collector/demo";
import { removeDemoOrganization } from "../lib/db/queries/demo";
import { demoOrganization } from "../lib/demo/organization";

const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.POSTURE_DATA_DIR });
try {
  if (process.argv.includes("--remove")) {
    const result = await removeDemoOrganization(handle.db, { demoCheckSettings: demoOrganization.checkSettings });
    console.log(
      result.removed
        ? "demo organization removed; it will not be loaded again by itself"
        : "no demo organization to remove",
    );
  } else {
    const started = Date.now();
    const result = await loadDemoOrganization(handle.db, { checks, orgChecks });
    console.log(
      result.loaded
        ? `demo organization loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`
        : "demo organization already loaded",
    );
  }
} finally {
  await handle.close();
}
