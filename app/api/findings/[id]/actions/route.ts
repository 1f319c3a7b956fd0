import { auditAs, route } from "@/lib/auth/server";
import { invalid, problem, type Problem } from "@/lib/contracts/errors";
import { triageApi, type TriageAction } from "@/lib/contracts/triage";
import { findingInScope } from "@/lib/db/queries/findings-filter";
import { lockFindingsForTriage } from "@/lib/db/queries/triage";
import { applyTriage, auditDetails, loadSlaSettings, type Refusal } from "@/lib/triage/actions";

function refusalProblem(reason: Exclude<Refusal, "unchanged">, action: TriageAction): Problem {
  switch (reason) {
    case "not_open":
      return problem("conflict", "Only a new finding can be acknowledged.");
    case "not_suppressed":
      return problem("conflict", "The finding is not suppressed.");
    case "expiry_not_in_future":
      return invalid({ until: ["must be in the future"] });
    case "beyond_max_suppression":
      return invalid({ until: ["is beyond the longest suppression this severity allows"] });
    case "assignee_out_of_reach":
      return invalid({ assigneeId: ["cannot be assigned findings of this account"] });
    case "empty_text":
      return invalid({ [action.action === "comment" ? "text" : "reason"]: ["is required"] });
  }
}

/** One person's action on one finding in their scope (404 otherwise): the change, its events and audit entry commit together. */
export const POST = route({ contract: triageApi.act, needs: "triager" }, async ({ viewer, db, params, body }) =>
  db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await lockFindingsForTriage(tx, { where: findingInScope(params.id, viewer.scope)!, limit: 1 });
    if (!row) return problem("not-found", "finding not found");
    const sla = await loadSlaSettings(tx);
    const outcome = await applyTriage(tx, { rows: [row], action: body, actorId: viewer.user.id, now, sla });
    const refusal = outcome.refused[0]?.reason;
    if (refusal && refusal !== "unchanged") return refusalProblem(refusal, body);
    const state = outcome.changed[0]?.state ?? row;
    if (!refusal) {
      await auditAs(tx, viewer, {
        action: `finding.${body.action}`,
        outcome: "success",
        target: { type: "finding", id: row.id },
        details: {
          ...auditDetails(body),
          accountId: row.accountId,
          checkId: row.checkId,
          from: row.status,
          to: state.status,
        },
      });
    }
    return {
      changed: !refusal,
      status: state.status,
      assigneeId: state.assigneeId,
      suppressedUntil: state.suppression?.until?.toISOString() ?? null,
    };
  }),
);
