// `npm run findings`: the findings of the configured database as JSON, CSV or OCSF on stdout, and a
// gate for CI (--fail-on): exit 1 when open findings at or above a severity match. Usage: --help.
import { once } from "node:events";
import { env } from "../lib/env";
import { openDatabase } from "../lib/db/open";
import { countFindings } from "../lib/db/queries/findings";
import { ALL_ACCOUNTS } from "../lib/db/queries/scope";
import { exportChunks } from "../lib/findings-export";
import pkg from "../package.json";
import { FINDINGS_USAGE, gateFilter, parseFindingsCli } from "./lib/findings-cli";

const args = parseFindingsCli(process.argv.slice(2));
if ("error" in args) {
  if (args.error) console.error(args.error);
  console.error(FINDINGS_USAGE);
  process.exit(args.error ? 2 : 0);
}

async function write(text: string) {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

// The operator of the database sees every account: the CLI has no session to take a scope from.
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.POSTURE_DATA_DIR });
let exitCode = 0;
try {
  const now = new Date();
  if (!args.quiet) {
    for await (const chunk of exportChunks(
      handle.db,
      ALL_ACCOUNTS,
      { filter: args.filter, userId: null, now, sort: args.sort, batch: 5_000, format: args.format },
      { version: pkg.version },
    ))
      await write(chunk);
  }
  if (args.failOn) {
    const open = await countFindings(handle.db, ALL_ACCOUNTS, {
      filter: gateFilter(args.filter, args.failOn),
      userId: null,
      now,
    });
    if (open > 0) {
      console.error(`fail: ${open} open finding${open === 1 ? "" : "s"} at or above ${args.failOn}`);
      exitCode = 1;
    } else console.error(`pass: no open finding at or above ${args.failOn}`);
  }
} catch (err) {
  console.error(`findings failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 2;
} finally {
  await handle.close();
}
process.exit(exitCode);
