import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { triageApi } from "@/lib/contracts/triage";
import { lockRule } from "@/lib/db/queries/suppression-rules";
import { removeSuppressionRule } from "@/lib/triage/rules";

/** Removes a rule (admins): what it suppressed reopens, with an event each, in the same transaction. */
export const DELETE = route({ contract: triageApi.removeRule, needs: "admin" }, async ({ viewer, db, params }) =>
  db.transaction(async (tx) => {
    if (!(await lockRule(tx, params.id))) return problem("not-found", "rule not found");
    const removed = await removeSuppressionRule(tx, { ruleId: params.id, actorId: viewer.user.id, now: new Date() });
    if (!removed) return problem("not-found", "rule not found");
    const { rule, reopened } = removed;
    await auditAs(tx, viewer, {
      action: "suppression_rule.delete",
      outcome: "success",
      target: { type: "suppression_rule", id: rule.id },
      details: { checkId: rule.checkId, resourcePattern: rule.resourcePattern, reason: rule.reason, reopened },
    });
    return { deleted: rule.id, reopened };
  }),
);
