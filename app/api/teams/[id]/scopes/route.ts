import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { teamsApi } from "@/lib/contracts/teams";
import { addTeamScope } from "@/lib/db/queries/teams";

export const POST = route({ contract: teamsApi.addScope, needs: "admin" }, async ({ viewer, db, params, body }) =>
  db.transaction(async (tx) => {
    const result = await addTeamScope(tx, params.id, body);
    if (!result.ok) {
      if (result.reason === "not_found") return problem("not-found", "team not found");
      if (result.reason === "duplicate") return problem("conflict", "The team already has this scope.");
      const what = body.kind === "account" ? "account" : "organizational unit";
      return problem("invalid-input", `No ${what} ${body.value} is known.`, { fields: { value: [`no such ${what}`] } });
    }
    await auditAs(tx, viewer, {
      action: "team.scope_add",
      outcome: "success",
      target: { type: "team", id: params.id },
      details: { scopeId: result.scope.id, kind: body.kind, value: body.value },
    });
    return { scope: result.scope };
  }),
);
