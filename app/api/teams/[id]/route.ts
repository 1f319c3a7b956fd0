import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { deleteTeam, updateTeam } from "@/lib/db/queries/teams";
import { teamFields, teamId } from "../input";

const patch = z
  .strictObject({ name: teamFields.name, description: teamFields.description, idpGroup: teamFields.idpGroup })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "change at least one field");

export const PATCH = route({ needs: "admin", params: teamId, body: patch }, async ({ viewer, db, params, body }) => {
  return db.transaction(async (tx) => {
    const result = await updateTeam(tx, params.id, body);
    if (!result.ok && result.reason === "not_found")
      return NextResponse.json({ error: "team not found" }, { status: 404 });
    if (!result.ok)
      return NextResponse.json(
        { error: "A team with this name exists.", fields: { name: ["is taken"] } },
        { status: 409 },
      );
    const before = result.before!;
    const changes = Object.fromEntries(
      (Object.keys(body) as (keyof typeof body)[])
        .filter((k) => body[k] !== before[k])
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
    return NextResponse.json({ team: result.team, sync: result.sync });
  });
});

export const DELETE = route({ needs: "admin", params: teamId }, async ({ viewer, db, params }) => {
  return db.transaction(async (tx) => {
    const team = await deleteTeam(tx, params.id);
    if (!team) return NextResponse.json({ error: "team not found" }, { status: 404 });
    await auditAs(tx, viewer, {
      action: "team.delete",
      outcome: "success",
      target: { type: "team", id: team.id },
      details: { name: team.name, idpGroup: team.idpGroup },
    });
    return NextResponse.json({ deleted: team.id });
  });
});
