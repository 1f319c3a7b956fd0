import { z } from "zod";
import { activityRuleSettingsSchema } from "@/lib/activity/rules";
import { checkSettingsSchema } from "@/lib/checks/settings";
import { retentionKinds, retentionSettingsSchema } from "@/lib/domain/retention";
import { severities } from "@/lib/domain/vocabulary";
import { defineContract } from "./define";

/** Every check setting's name, in the schema's order. */
export const checkSettingsKeys = checkSettingsSchema.keyof().options;

/** The settings in force after a change, where they come from, and which ones the change altered. */
const checkSettingsAnswer = z.object({
  settings: checkSettingsSchema,
  source: z.string(),
  /** Why no settings are in force (a bad settings file): collections refuse until it is fixed. */
  error: z.string().nullable(),
  changed: z.array(checkSettingsSchema.keyof()),
});

/** What the editor sends: every setting, before the server's defaults apply. */
export type CheckSettingsInput = z.input<typeof checkSettingsBody>;
const checkSettingsBody = checkSettingsSchema.strict();

/** Saves every check setting as given; a change applies from the next collection. */
const saveChecks = defineContract({
  method: "PUT",
  path: "/api/settings/checks",
  body: checkSettingsBody,
  response: checkSettingsAnswer,
});

/** Forgets the saved settings: the settings file's, or the defaults, apply again. */
const resetChecks = defineContract({
  method: "DELETE",
  path: "/api/settings/checks",
  response: checkSettingsAnswer,
});

/** Turns each risky-activity rule on or off and sets its severity; the activity watch applies it from its next look. */
const saveActivityRules = defineContract({
  method: "PUT",
  path: "/api/settings/activity-rules",
  body: activityRuleSettingsSchema,
  response: z.object({
    rules: z.array(
      z.object({
        id: z.string(),
        enabled: z.boolean(),
        severity: z.enum(severities),
        defaultSeverity: z.enum(severities),
      }),
    ),
  }),
});

/**
 * Days to keep each kind of history (null: forever); each kind has its minimum (the audit log a
 * year), below which the answer is a 422 naming the field. The next purge applies it.
 */
const saveRetention = defineContract({
  method: "PUT",
  path: "/api/settings/retention",
  body: retentionSettingsSchema,
  response: z.object({ settings: retentionSettingsSchema, changed: z.array(z.enum(retentionKinds)) }),
});

/** Runs the retention purge now (admins): queued for a worker, or started in this process. */
const purgeNow = defineContract({
  method: "POST",
  path: "/api/settings/retention/purge",
  status: 202,
  response: z.object({ state: z.enum(["queued", "started", "running"]) }),
});

/** Organization settings (admins). */
export const settingsApi = { saveChecks, resetChecks, saveActivityRules, saveRetention, purgeNow };
