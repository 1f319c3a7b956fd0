import { activityRuleSettingsSchema, type RuleSettings } from "@/lib/activity/rules";
import { getSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";

export const ACTIVITY_RULES_KEY = "activity-rules";

/** The stored rule settings; invalid stored settings fall back to every rule on at its default. */
export async function loadActivityRuleSettings(db: Db): Promise<RuleSettings> {
  const parsed = activityRuleSettingsSchema.safeParse((await getSetting(db, ACTIVITY_RULES_KEY)) ?? {});
  return parsed.success ? (parsed.data as RuleSettings) : {};
}
