import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { teamsApi } from "@/lib/contracts/teams";
import { addTeamMember } from "@/lib/db/queries/teams";

export const POST = route({ contract: teamsApi.addMember, needs: "admin" }, async ({ viewer, db, params, body }) =>
  db.transaction(async (tx) => {
    const result = await addTeamMember(tx, params.id, body.userId);
    if (!result.ok) {
      if (result.reason === "team_not_found") return problem("not-found", "team not found");
      if (result.reason === "user_not_found")
        return problem("invalid-input", "No such user.", { fields: { userId: ["no such user"] } });
      const how = result.source === "idp" ? " through the team's IdP group" : "";
      return problem("conflict", `This user is already a member${how}.`);
    }
    await auditAs(tx, viewer, {
      action: "team.member_add",
      outcome: "success",
      target: { type: "team", id: params.id },
      details: { userId: body.userId, email: result.email },
    });
    return { added: body.userId };
  }),
);
