import { auditAs, route, type Viewer } from "@/lib/auth/server";
import { diffCheckSettings, toStoredCheckSettings } from "@/lib/checks/settings";
import { checkSettingsKeys, settingsApi } from "@/lib/contracts/settings";
import { CHECK_SETTINGS_KEY, deleteSetting, putSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";
import { env } from "@/lib/env";
import { describeCheckSettings } from "@/lib/settings/check-settings";

// Check settings are read by the collector when a run starts: a change applies from the next collection.

type Loaded = Awaited<ReturnType<typeof describeCheckSettings>>;
const loadCheckSettings = (db: Parameters<typeof describeCheckSettings>[0]) =>
  describeCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE });

/**
 * Applies a change to the saved check settings, audits what it changed (from and to) and answers
 * with the settings now in force: the same steps for saving and for resetting, in one transaction.
 */
function changeCheckSettings(
  { viewer, db }: { viewer: Viewer; db: Db },
  action: "settings.update" | "settings.reset",
  change: (tx: Db) => Promise<unknown>,
  details: (before: Loaded, after: Loaded) => Record<string, unknown> = () => ({}),
) {
  return db.transaction(async (tx) => {
    const before = await loadCheckSettings(tx);
    await change(tx);
    const after = await loadCheckSettings(tx);
    const changes = diffCheckSettings(before.settings, after.settings);
    const changed = checkSettingsKeys.filter((key) => key in changes);
    await auditAs(tx, viewer, {
      action,
      outcome: "success",
      target: { type: "settings", id: CHECK_SETTINGS_KEY },
      details: { changed, changes, ...details(before, after) },
    });
    return { settings: after.settings, source: after.source, error: after.error, changed };
  });
}

/** Saves every check setting as given (admins only); the audit log keeps what changed, from and to. */
export const PUT = route({ contract: settingsApi.saveChecks, needs: "admin" }, async ({ viewer, db, body }) =>
  changeCheckSettings({ viewer, db }, "settings.update", (tx) =>
    putSetting(tx, CHECK_SETTINGS_KEY, toStoredCheckSettings(body), viewer.user.id),
  ),
);

/** Forgets the saved settings: the settings file's, or the defaults, apply again. */
export const DELETE = route({ contract: settingsApi.resetChecks, needs: "admin" }, async ({ viewer, db }) =>
  changeCheckSettings(
    { viewer, db },
    "settings.reset",
    (tx) => deleteSetting(tx, CHECK_SETTINGS_KEY),
    (before, after) => ({ wasSaved: before.saved, now: after.source }),
  ),
);
