import { NextResponse } from "next/server";
import { auditAs, route } from "@/lib/auth/server";
import { requestCollection } from "@/lib/jobs";

const REFUSED_STATUS = { "no-credentials": 422, demo: 409, "no-collector": 503, "settings-invalid": 422 } as const;

/**
 * "Collect now": admins only. Embedded mode answers once the run is open (202 with its id); server
 * mode once a worker's job is queued (202 with the job id). 409 while a run is in progress or the
 * demo is shown, 422 without AWS credentials or check settings in force.
 */
export const POST = route({ needs: "admin" }, async ({ viewer, db }) => {
  const outcome = await requestCollection(db, { trigger: "manual", requestedBy: viewer.user.id });
  const headers = { "Cache-Control": "no-store" };
  if (outcome.kind === "refused") {
    await auditAs(db, viewer, { action: "collection.request", outcome: "denied", details: { reason: outcome.reason } });
    return NextResponse.json(
      { error: outcome.message, reason: outcome.reason },
      { status: REFUSED_STATUS[outcome.reason], headers },
    );
  }
  if (outcome.kind === "busy") {
    await auditAs(db, viewer, {
      action: "collection.request",
      outcome: "denied",
      details: { reason: "busy", runId: outcome.runId },
    });
    return NextResponse.json(
      { error: outcome.message, reason: "busy", runId: outcome.runId },
      { status: 409, headers },
    );
  }
  if (outcome.kind === "failed") {
    await auditAs(db, viewer, {
      action: "collection.request",
      outcome: "error",
      details: { reason: "discovery failed" },
    });
    return NextResponse.json({ error: outcome.message, reason: "failed" }, { status: 502, headers });
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
  return NextResponse.json(outcome, { status: 202, headers });
});
