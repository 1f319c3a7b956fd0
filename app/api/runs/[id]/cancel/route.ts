import { auditAs, route } from "@/lib/auth/server";
import { collectionsApi } from "@/lib/contracts/collections";
import { problem } from "@/lib/contracts/errors";
import { cancelRun, getRun } from "@/lib/db/queries/collection";

/**
 * Cancels a queued, running or stuck run (admins): its open units end cancelled in the same
 * transaction as the audit entry; workers notice within seconds and stop at their next AWS call.
 */
export const POST = route({ contract: collectionsApi.cancelRun, needs: "admin" }, async ({ viewer, db, params }) =>
  db.transaction(async (tx) => {
    const before = await getRun(tx, params.id);
    if (!before) return problem("not-found", "run not found");
    const cancelled = await cancelRun(tx, params.id, { by: viewer.user.name ?? viewer.user.email ?? "an admin" });
    if (!cancelled)
      return problem("conflict", `The run has already ended (${before.status}); there is nothing to cancel.`);
    await auditAs(tx, viewer, {
      action: "collection.cancel",
      outcome: "success",
      target: { type: "run", id: params.id },
      details: { from: before.status },
    });
    return { run: (await getRun(tx, params.id))! };
  }),
);
