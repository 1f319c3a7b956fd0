import { auditAs, route } from "@/lib/auth/server";
import { collectionsApi } from "@/lib/contracts/collections";
import { problem } from "@/lib/contracts/errors";
import { requestCollection } from "@/lib/jobs";

/**
 * "Collect now": admins only. Embedded mode answers once the run is open (202 with its id); server
 * mode once a worker's job is queued (202 with the job id). 409 while a run is in progress or the
 * demo is shown, 422 without AWS credentials or check settings in force.
 */
export const POST = route({ contract: collectionsApi.collectNow, needs: "admin" }, async ({ viewer, db }) => {
  // Not one transaction with its audit entry: the run opens in the collector (embedded) or a worker
  // (server mode), which need the database while this request waits for them.
  const outcome = await requestCollection(db, { trigger: "manual", requestedBy: viewer.user.id });
  if (outcome.kind === "refused") {
    await auditAs(db, viewer, { action: "collection.request", outcome: "denied", details: { reason: outcome.reason } });
    return problem(outcome.reason, outcome.message);
  }
  if (outcome.kind === "busy") {
    await auditAs(db, viewer, {
      action: "collection.request",
      outcome: "denied",
      details: { reason: "busy", runId: outcome.runId },
    });
    const target = outcome.runId ? { type: "run", id: outcome.runId } : undefined;
    return problem("busy", outcome.message, { target });
  }
  if (outcome.kind === "failed") {
    await auditAs(db, viewer, {
      action: "collection.request",
      outcome: "error",
      details: { reason: "discovery failed" },
    });
    return problem("collection-failed", outcome.message);
  }
  const target =
    outcome.kind === "started"
      ? { type: "run", id: outcome.runId }
      : outcome.jobId
        ? { type: "job", id: outcome.jobId }
        : undefined;
  await auditAs(db, viewer, {
    action: "collection.request",
    outcome: "success",
    target,
    details: { mode: outcome.kind },
  });
  return outcome;
});
