import { auditAs, route } from "@/lib/auth/server";
import { settingsApi } from "@/lib/contracts/settings";
import { RETENTION_SETTINGS_KEY } from "@/lib/domain/retention";
import { requestRetentionPurge } from "@/lib/jobs";

/** Purge now (admins): the request is audited; the purge records what it deleted when it ends. */
export const POST = route({ contract: settingsApi.purgeNow, needs: "admin" }, async ({ viewer, db }) => {
  const state = await requestRetentionPurge(db, { requestedBy: viewer.user.email });
  await db.transaction((tx) =>
    auditAs(tx, viewer, {
      action: "retention.purge_request",
      outcome: "success",
      target: { type: "settings", id: RETENTION_SETTINGS_KEY },
      details: { state },
    }),
  );
  return { state };
});
