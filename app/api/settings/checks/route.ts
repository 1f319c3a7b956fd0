import { NextResponse } from "next/server";
import { auditAs, route } from "@/lib/auth/server";
import { checkSettingsSchema, diffCheckSettings, toStoredCheckSettings } from "@/lib/checks/settings";
import { CHECK_SETTINGS_KEY, deleteSetting, putSetting } from "@/lib/db/queries/settings";
import { env } from "@/lib/env";
import { describeCheckSettings } from "@/lib/settings/check-settings";

// Check settings are read by the collector when a run starts: a change applies from the next collection.

type Loaded = Awaited<ReturnType<typeof describeCheckSettings>>;
const loadCheckSettings = (db: Parameters<typeof describeCheckSettings>[0]) =>
  describeCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE });

/**
 * Applies a change to the saved check settings, audits what it changed (from and to) and answers
 * with the settings now in force: the same steps for saving and for resetting.
 */
async function changeCheckSettings(
  { viewer, db }: { viewer: Parameters<typeof auditAs>[1]; db: Parameters<typeof auditAs>[0] },
  action: "settings.update" | "settings.reset",
  change: () => Promise<unknown>,
  details: (before: Loaded, after: Loaded) => Record<string, unknown> = () => ({}),
) {
  const before = await loadCheckSettings(db);
  await change();
  const after = await loadCheckSettings(db);
  const changes = diffCheckSettings(before.settings, after.settings);
  await auditAs(db, viewer, {
    action,
    outcome: "success",
    target: { type: "settings", id: CHECK_SETTINGS_KEY },
    details: { changed: Object.keys(changes), changes, ...details(before, after) },
  });
  return NextResponse.json(
    { settings: after.settings, source: after.source, changed: Object.keys(changes) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** Saves every check setting as given (admins only); the audit log keeps what changed, from and to. */
export const PUT = route({ needs: "admin", body: checkSettingsSchema.strict() }, async ({ viewer, db, body }) =>
  changeCheckSettings({ viewer, db }, "settings.update", () =>
    putSetting(db, CHECK_SETTINGS_KEY, toStoredCheckSettings(body), viewer.user.id),
  ),
);

/** Forgets the saved settings: the settings file's, or the defaults, apply again. */
export const DELETE = route({ needs: "admin" }, async ({ viewer, db }) =>
  changeCheckSettings(
    { viewer, db },
    "settings.reset",
    () => deleteSetting(db, CHECK_SETTINGS_KEY),
    (before, after) => ({ wasSaved: before.saved, now: after.source }),
  ),
);
