import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { teamsApi } from "@/lib/contracts/teams";
import { deleteTeam, updateTeam } from "@/lib/db/queries/teams";

export const PATCH = route({ contract: teamsApi.update, needs: "admin" }, async ({ viewer, db, params, body }) =>
  db.transaction(async (tx) => {
    const result = await updateTeam(tx, params.id, body);
    if (!result.ok && result.reason === "not_found") return problem("not-found", "team not found");
    if (!result.ok) return problem("conflict", "A team with this name exists.", { fields: { name: ["is taken"] } });
    const before = result.before!;
    const changes = Object.fromEntries(
      (["name", "description", "idpGroup"] as const)
        .filter((k) => k in body && body[k] !== before[k])
        .map((k) => [k, { from: before[k], to: body[k] }]),
    );
    await auditAs(tx, viewer, {
      action: "team.update",
      outcome: "success",
      target: { type: "team", id: params.id },
      details: {
        name: result.team.name,
        changes,
        idpMembersJoined: result.sync.joined,
        idpMembersLeft: result.sync.left,
      },
    });
    return { team: result.team, sync: result.sync };
  }),
);

export const DELETE = route({ contract: teamsApi.remove, needs: "admin" }, async ({ viewer, db, params }) =>
  db.transaction(async (tx) => {
    const team = await deleteTeam(tx, params.id);
    if (!team) return problem("not-found", "team not found");
    await auditAs(tx, viewer, {
      action: "team.delete",
      outcome: "success",
      target: { type: "team", id: team.id },
      details: { name: team.name, idpGroup: team.idpGroup },
    });
    return { deleted: team.id };
  }),
);
