import { auditAs, route } from "@/lib/auth/server";
import { costsApi } from "@/lib/contracts/costs";
import { problem } from "@/lib/contracts/errors";
import { setCostIncidentVerdict } from "@/lib/db/queries/costs";
import { syncHijackFindings } from "@/lib/db/queries/cost-findings";

export const PUT = route({ contract: costsApi.verdict, needs: "viewer" }, async ({ viewer, db, params, body }) =>
  db.transaction(async (tx) => {
    const result = await setCostIncidentVerdict(tx, viewer.scope, params.id, {
      verdict: body.verdict,
      note: body.note,
      by: viewer.user.email ?? viewer.user.id,
    });
    if (!result) return problem("not-found", "cost incident not found");
    // A verdict on a possible hijack resolves its finding (clearing it reopens it), with the change.
    await syncHijackFindings(tx, { accountId: result.after.accountId, now: new Date() });
    await auditAs(tx, viewer, {
      action: "cost_incident.verdict",
      outcome: "success",
      target: { type: "cost_incident", id: params.id },
      details: {
        accountId: result.after.accountId,
        service: result.after.service,
        startDay: result.after.startDay,
        verdict: { from: result.before.verdict, to: result.after.verdict },
        note: result.after.verdictNote,
      },
    });
    return { incident: { id: result.after.id, verdict: result.after.verdict, note: result.after.verdictNote } };
  }),
);
