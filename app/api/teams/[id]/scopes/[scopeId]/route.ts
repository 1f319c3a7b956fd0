import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { teamsApi } from "@/lib/contracts/teams";
import { removeTeamScope } from "@/lib/db/queries/teams";

export const DELETE = route({ contract: teamsApi.removeScope, needs: "admin" }, async ({ viewer, db, params }) =>
  db.transaction(async (tx) => {
    const scope = await removeTeamScope(tx, params.id, params.scopeId);
    if (!scope) return problem("not-found", "scope not found");
    await auditAs(tx, viewer, {
      action: "team.scope_remove",
      outcome: "success",
      target: { type: "team", id: params.id },
      details: { scopeId: scope.id, kind: scope.kind, value: scope.value },
    });
    return { deleted: scope.id };
  }),
);
