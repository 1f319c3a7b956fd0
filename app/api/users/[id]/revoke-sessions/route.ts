import { NextResponse } from "next/server";
import { z } from "zod";
import { auditAs, route } from "@/lib/auth/server";
import { revokeUserSessions } from "@/lib/db/queries/sessions";
import { getUser } from "@/lib/db/queries/users";

/** Signs a user out everywhere. Aimed at yourself, it keeps the session making the request. */
export const POST = route({ needs: "admin", params: z.object({ id: z.uuid() }) }, async ({ viewer, db, params }) => {
  const user = await getUser(db, params.id);
  if (!user) return NextResponse.json({ error: "user not found" }, { status: 404 });
  const self = user.id === viewer.user.id;
  return db.transaction(async (tx) => {
    const revoked = await revokeUserSessions(tx, {
      userId: user.id,
      by: viewer.user.id,
      now: new Date(),
      keep: self ? viewer.sessionId : undefined,
    });
    await auditAs(tx, viewer, {
      action: "user.sessions_revoke",
      outcome: "success",
      target: { type: "user", id: user.id },
      details: { email: user.email, revoked, keptCurrent: self },
    });
    return NextResponse.json({ revoked });
  });
});
