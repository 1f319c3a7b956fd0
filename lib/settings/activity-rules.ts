import { z } from "zod";
import { activityRules, type RuleSettings } from "@/lib/activity/rules";
import { getSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";
import { severities } from "@/lib/domain/vocabulary";

export const ACTIVITY_RULES_KEY = "activity-rules";

const ruleIds = activityRules.map((r) => r.id) as [string, ...string[]];

/** Which risky-activity rules run and at which severity; a rule left out keeps its default. */
export const activityRuleSettingsSchema = z.partialRecord(
  z.enum(ruleIds),
  z.strictObject({
    enabled: z.boolean("must be true or false"),
    severity: z.enum(severities, "must be critical, high, medium, low or informational").optional(),
  }),
);

/** The stored rule settings; invalid stored settings fall back to every rule on at its default. */
export async function loadActivityRuleSettings(db: Db): Promise<RuleSettings> {
  const parsed = activityRuleSettingsSchema.safeParse((await getSetting(db, ACTIVITY_RULES_KEY)) ?? {});
  return parsed.success ? (parsed.data as RuleSettings) : {};
}
