import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { addTeamMember } from "@/lib/db/queries/teams";
import { teamId } from "../../input";

export const POST = route(
  { needs: "admin", params: teamId, body: z.strictObject({ userId: z.uuid() }) },
  async ({ viewer, db, params, body }) => {
    return db.transaction(async (tx) => {
      const result = await addTeamMember(tx, params.id, body.userId);
      if (!result.ok) {
        if (result.reason === "team_not_found") return NextResponse.json({ error: "team not found" }, { status: 404 });
        if (result.reason === "user_not_found")
          return NextResponse.json({ error: "No such user.", fields: { userId: ["no such user"] } }, { status: 422 });
        const how = result.source === "idp" ? " through the team's IdP group" : "";
        return NextResponse.json({ error: `This user is already a member${how}.` }, { status: 409 });
      }
      await auditAs(tx, viewer, {
        action: "team.member_add",
        outcome: "success",
        target: { type: "team", id: params.id },
        details: { userId: body.userId, email: result.email },
      });
      return NextResponse.json({ added: body.userId }, { status: 201 });
    });
  },
);
