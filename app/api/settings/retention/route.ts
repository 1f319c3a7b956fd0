import { auditAs, route } from "@/lib/auth/server";
import { settingsApi } from "@/lib/contracts/settings";
import { putSetting } from "@/lib/db/queries/settings";
import { RETENTION_SETTINGS_KEY, retentionKinds } from "@/lib/domain/retention";
import { loadRetentionSettings } from "@/lib/settings/retention";

/** Saves how long each kind of history is kept (admins), audited in the same transaction. */
export const PUT = route({ contract: settingsApi.saveRetention, needs: "admin" }, async ({ viewer, db, body }) =>
  db.transaction(async (tx) => {
    const before = await loadRetentionSettings(tx);
    await putSetting(tx, RETENTION_SETTINGS_KEY, body, viewer.user.id);
    const changed = retentionKinds.filter((k) => before[k] !== body[k]);
    await auditAs(tx, viewer, {
      action: "settings.retention_update",
      outcome: "success",
      target: { type: "settings", id: RETENTION_SETTINGS_KEY },
      details: { changed: changed.map((k) => ({ kind: k, from: before[k], to: body[k] })) },
    });
    return { settings: body, changed };
  }),
);
