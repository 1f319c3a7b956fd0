import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { removeTeamMember } from "@/lib/db/queries/teams";

export const DELETE = route(
  { needs: "admin", params: z.object({ id: z.uuid(), userId: z.uuid() }) },
  async ({ viewer, db, params }) => {
    return db.transaction(async (tx) => {
      const result = await removeTeamMember(tx, params.id, params.userId);
      const target = { type: "team", id: params.id };
      if (!result.ok && result.reason === "not_found")
        return NextResponse.json({ error: "membership not found" }, { status: 404 });
      if (!result.ok) {
        await auditAs(tx, viewer, {
          action: "team.member_remove",
          outcome: "denied",
          target,
          details: { userId: params.userId, reason: "idp membership" },
        });
        return NextResponse.json(
          {
            error:
              "This membership comes from the team's IdP group: change the group, or the user's groups at the IdP.",
          },
          { status: 422 },
        );
      }
      await auditAs(tx, viewer, {
        action: "team.member_remove",
        outcome: "success",
        target,
        details: { userId: params.userId, email: result.email },
      });
      return NextResponse.json({ removed: params.userId });
    });
  },
);
