import { auditAs, route } from "@/lib/auth/server";
import { triageApi } from "@/lib/contracts/triage";
import { putSetting } from "@/lib/db/queries/settings";
import { refreshDueDates } from "@/lib/db/queries/sla";
import { SLA_SETTINGS_KEY, slaTable } from "@/lib/findings/sla";
import { loadSlaSettings } from "@/lib/triage/actions";

/** Saves the SLA settings (admins) and moves every open finding's due date to match, in one transaction. */
export const PUT = route({ contract: triageApi.saveSla, needs: "admin" }, async ({ viewer, db, body }) =>
  db.transaction(async (tx) => {
    const before = await loadSlaSettings(tx);
    await putSetting(tx, SLA_SETTINGS_KEY, body, viewer.user.id);
    const recomputed = await refreshDueDates(tx, { table: slaTable(body) });
    await auditAs(tx, viewer, {
      action: "settings.sla_update",
      outcome: "success",
      target: { type: "settings", id: SLA_SETTINGS_KEY },
      details: { from: before, to: body, recomputed },
    });
    return { settings: body, recomputed };
  }),
);
