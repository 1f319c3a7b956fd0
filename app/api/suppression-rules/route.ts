import { auditAs, route } from "@/lib/auth/server";
import { invalid } from "@/lib/contracts/errors";
import { triageApi } from "@/lib/contracts/triage";
import { checkExists, insertRule } from "@/lib/db/queries/suppression-rules";
import { applySuppressionRules } from "@/lib/triage/rules";

/** Creates a suppression rule (admins) and suppresses the open findings it matches now, in one transaction. */
export const POST = route({ contract: triageApi.createRule, needs: "admin" }, async ({ viewer, db, body }) =>
  db.transaction(async (tx) => {
    if (body.checkId && !(await checkExists(tx, body.checkId))) return invalid({ checkId: ["is not a known check"] });
    const rule = await insertRule(tx, {
      checkId: body.checkId ?? null,
      resourcePattern: body.resourcePattern,
      accountId: body.accountId ?? null,
      ouId: body.ouId ?? null,
      environment: body.environment ?? null,
      tagKey: body.tagKey,
      tagValue: body.tagValue,
      reason: body.reason,
      kind: body.kind,
      createdBy: viewer.user.id,
    });
    const suppressed = await applySuppressionRules(tx, { ruleId: rule.id, now: new Date() });
    await auditAs(tx, viewer, {
      action: "suppression_rule.create",
      outcome: "success",
      target: { type: "suppression_rule", id: rule.id },
      details: { ...body, suppressed },
    });
    return { id: rule.id, suppressed };
  }),
);
