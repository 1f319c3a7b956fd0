import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { removeTeamScope } from "@/lib/db/queries/teams";

export const DELETE = route(
  { needs: "admin", params: z.object({ id: z.uuid(), scopeId: z.uuid() }) },
  async ({ viewer, db, params }) => {
    return db.transaction(async (tx) => {
      const scope = await removeTeamScope(tx, params.id, params.scopeId);
      if (!scope) return NextResponse.json({ error: "scope not found" }, { status: 404 });
      await auditAs(tx, viewer, {
        action: "team.scope_remove",
        outcome: "success",
        target: { type: "team", id: params.id },
        details: { scopeId: scope.id, kind: scope.kind, value: scope.value },
      });
      return NextResponse.json({ deleted: scope.id });
    });
  },
);
