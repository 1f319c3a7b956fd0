import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { createTeam } from "@/lib/db/queries/teams";
import { teamFields } from "./input";

const body = z.strictObject({
  name: teamFields.name,
  description: teamFields.description.optional().transform((v) => v ?? null),
  idpGroup: teamFields.idpGroup.optional().transform((v) => v ?? null),
});

export const POST = route({ needs: "admin", body }, async ({ viewer, db, body }) => {
  return db.transaction(async (tx) => {
    const result = await createTeam(tx, body);
    if (!result.ok)
      return NextResponse.json(
        { error: "A team with this name exists.", fields: { name: ["is taken"] } },
        { status: 409 },
      );
    await auditAs(tx, viewer, {
      action: "team.create",
      outcome: "success",
      target: { type: "team", id: result.team.id },
      details: { name: body.name, idpGroup: body.idpGroup, idpMembersJoined: result.sync.joined },
    });
    return NextResponse.json({ team: result.team }, { status: 201 });
  });
});
