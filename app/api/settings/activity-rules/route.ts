import { resolveRuleSettings, type RuleSettings } from "@/lib/activity/rules";
import { auditAs, route } from "@/lib/auth/server";
import { settingsApi } from "@/lib/contracts/settings";
import { putSetting } from "@/lib/db/queries/settings";
import { ACTIVITY_RULES_KEY, loadActivityRuleSettings } from "@/lib/settings/activity-rules";

/** Saves which risky-activity rules run and at which severity (admins), audited in the same transaction. */
export const PUT = route({ contract: settingsApi.saveActivityRules, needs: "admin" }, async ({ viewer, db, body }) =>
  db.transaction(async (tx) => {
    const before = await loadActivityRuleSettings(tx);
    const next = body as RuleSettings;
    await putSetting(tx, ACTIVITY_RULES_KEY, next, viewer.user.id);
    const rules = resolveRuleSettings(next);
    const was = new Map(resolveRuleSettings(before).map((r) => [r.id, r]));
    const changed = rules.filter((r) => was.get(r.id)?.enabled !== r.enabled || was.get(r.id)?.severity !== r.severity);
    await auditAs(tx, viewer, {
      action: "settings.activity_rules_update",
      outcome: "success",
      target: { type: "settings", id: ACTIVITY_RULES_KEY },
      details: {
        changed: changed.map((r) => ({
          rule: r.id,
          from: { enabled: was.get(r.id)?.enabled, severity: was.get(r.id)?.severity },
          to: { enabled: r.enabled, severity: r.severity },
        })),
      },
    });
    return {
      rules: rules.map(({ id, enabled, severity, defaultSeverity }) => ({ id, enabled, severity, defaultSeverity })),
    };
  }),
);
