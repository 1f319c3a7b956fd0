import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { teamsApi } from "@/lib/contracts/teams";
import { removeTeamMember } from "@/lib/db/queries/teams";

export const DELETE = route({ contract: teamsApi.removeMember, needs: "admin" }, async ({ viewer, db, params }) =>
  db.transaction(async (tx) => {
    const result = await removeTeamMember(tx, params.id, params.userId);
    const target = { type: "team", id: params.id };
    if (!result.ok && result.reason === "not_found") return problem("not-found", "membership not found");
    if (!result.ok) {
      await auditAs(tx, viewer, {
        action: "team.member_remove",
        outcome: "denied",
        target,
        details: { userId: params.userId, reason: "idp membership" },
      });
      return problem(
        "refused",
        "This membership comes from the team's IdP group: change the group, or the user's groups at the IdP.",
      );
    }
    await auditAs(tx, viewer, {
      action: "team.member_remove",
      outcome: "success",
      target,
      details: { userId: params.userId, email: result.email },
    });
    return { removed: params.userId };
  }),
);
