// `npm run db:migrate`: applies the committed migrations to the configured database and exits.
// The server applies them at start as well; this is for deploy pipelines that migrate first.
import { env } from "../lib/env";
import { countAppliedMigrations } from "../lib/db/migrations";
import { openDatabase } from "../lib/db/open";

const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.POSTURE_DATA_DIR });
console.log(`${handle.mode} database: ${await countAppliedMigrations(handle.db)} migrations applied`);
await handle.close();
