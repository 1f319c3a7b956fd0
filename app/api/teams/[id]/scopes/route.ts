import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { environments } from "@/lib/domain/vocabulary";
import { addTeamScope } from "@/lib/db/queries/teams";
import { teamId } from "../../input";

const body = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("account"), value: z.string().regex(/^\d{12}$/, "must be a 12-digit account id") }),
  // AWS ids are ou-…/r-…; the demo organization's are longer, so the format check stays loose and existence decides.
  z.strictObject({
    kind: z.literal("ou"),
    value: z.string().regex(/^(ou|r)-[0-9a-z-]{1,80}$/, "must be an OU id (ou-… or r-…)"),
  }),
  z.strictObject({ kind: z.literal("environment"), value: z.enum(environments) }),
]);

export const POST = route({ needs: "admin", params: teamId, body }, async ({ viewer, db, params, body }) => {
  return db.transaction(async (tx) => {
    const result = await addTeamScope(tx, params.id, body);
    if (!result.ok) {
      if (result.reason === "not_found") return NextResponse.json({ error: "team not found" }, { status: 404 });
      if (result.reason === "duplicate")
        return NextResponse.json({ error: "The team already has this scope." }, { status: 409 });
      const what = body.kind === "account" ? "account" : "organizational unit";
      return NextResponse.json(
        { error: `No ${what} ${body.value} is known.`, fields: { value: [`no such ${what}`] } },
        { status: 422 },
      );
    }
    await auditAs(tx, viewer, {
      action: "team.scope_add",
      outcome: "success",
      target: { type: "team", id: params.id },
      details: { scopeId: result.scope.id, kind: body.kind, value: body.value },
    });
    return NextResponse.json({ scope: result.scope }, { status: 201 });
  });
});
