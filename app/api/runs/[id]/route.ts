import { route } from "@/lib/auth/server";
import { collectionsApi } from "@/lib/contracts/collections";
import { problem } from "@/lib/contracts/errors";
import { getRun } from "@/lib/db/queries/collection";

/** A run's progress for the live progress bar. Runs span the whole organization: admins only. */
export const GET = route({ contract: collectionsApi.runProgress, needs: "admin" }, async ({ db, params }) => {
  const run = await getRun(db, params.id);
  // The contract's answer keeps only the progress fields of the run.
  return run ? { run } : problem("not-found", "run not found");
});
