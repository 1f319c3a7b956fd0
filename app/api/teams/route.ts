import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { teamsApi } from "@/lib/contracts/teams";
import { createTeam } from "@/lib/db/queries/teams";

export const POST = route({ contract: teamsApi.create, needs: "admin" }, async ({ viewer, db, body }) =>
  db.transaction(async (tx) => {
    const result = await createTeam(tx, body);
    if (!result.ok) return problem("conflict", "A team with this name exists.", { fields: { name: ["is taken"] } });
    await auditAs(tx, viewer, {
      action: "team.create",
      outcome: "success",
      target: { type: "team", id: result.team.id },
      details: { name: body.name, idpGroup: body.idpGroup, idpMembersJoined: result.sync.joined },
    });
    return { team: result.team };
  }),
);
