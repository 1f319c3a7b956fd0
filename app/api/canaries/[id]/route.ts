import { auditAs, route } from "@/lib/auth/server";
import { canariesApi } from "@/lib/contracts/canaries";
import { problem } from "@/lib/contracts/errors";
import { retireCanaryKey } from "@/lib/db/queries/canaries";

export const DELETE = route({ contract: canariesApi.retire, needs: "admin" }, async ({ viewer, db, params }) =>
  db.transaction(async (tx) => {
    const retired = await retireCanaryKey(tx, params.id);
    if (!retired) return problem("not-found", "canary not found");
    await auditAs(tx, viewer, {
      action: "canary.retire",
      outcome: "success",
      target: { type: "canary", id: retired.id },
      details: { accessKeyId: retired.accessKeyId, label: retired.label },
    });
    return { retired: retired.id };
  }),
);
