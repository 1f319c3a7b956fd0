import { NextResponse } from "next/server";
import { auditAs, route } from "@/lib/auth/server";
import { CHECK_SETTINGS_KEY, checkSettingsSchema, diffCheckSettings, toStoredCheckSettings } from "@/lib/checks/settings";
import { loadCheckSettings } from "@/lib/checks/settings-source";
import { deleteSetting, putSetting } from "@/lib/db/queries/settings";

// Check settings are read by the collector when a run starts: a change applies from the next collection.

/** Saves every check setting as given (admins only); the audit log keeps what changed, from and to. */
export const PUT = route({ needs: "admin", body: checkSettingsSchema.strict() }, async ({ viewer, db, body }) => {
  const before = await loadCheckSettings(db);
  await putSetting(db, CHECK_SETTINGS_KEY, toStoredCheckSettings(body), viewer.user.id);
  const after = await loadCheckSettings(db);
  const changes = diffCheckSettings(before.settings, after.settings);
  await auditAs(db, viewer, {
    action: "settings.update",
    outcome: "success",
    target: { type: "settings", id: CHECK_SETTINGS_KEY },
    details: { changed: Object.keys(changes), changes },
  });
  return NextResponse.json({ settings: after.settings, source: after.source, changed: Object.keys(changes) }, { headers: { "Cache-Control": "no-store" } });
});

/** Forgets the saved settings: the settings file's, or the defaults, apply again. */
export const DELETE = route({ needs: "admin" }, async ({ viewer, db }) => {
  const before = await loadCheckSettings(db);
  await deleteSetting(db, CHECK_SETTINGS_KEY);
  const after = await loadCheckSettings(db);
  const changes = diffCheckSettings(before.settings, after.settings);
  await auditAs(db, viewer, {
    action: "settings.reset",
    outcome: "success",
    target: { type: "settings", id: CHECK_SETTINGS_KEY },
    details: { wasSaved: before.saved, changed: Object.keys(changes), changes, now: after.source },
  });
  return NextResponse.json({ settings: after.settings, source: after.source, changed: Object.keys(changes) }, { headers: { "Cache-Control": "no-store" } });
});
