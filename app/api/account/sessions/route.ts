import { NextResponse } from "next/server";
import { z } from "zod";
import { revokeSession, revokeUserSessions } from "@/lib/db/queries/sessions";
import { auditAs, route } from "@/lib/auth/server";

const body = z.union([z.object({ sessionId: z.uuid() }), z.object({ others: z.literal(true) })]);

/** Signs out one of your other sessions, or all of them. */
export const POST = route({ needs: "signed-in", body }, async ({ viewer, db, body }) => {
  const now = new Date();
  if ("others" in body) {
    const revoked = await revokeUserSessions(db, {
      userId: viewer.user.id,
      by: viewer.user.id,
      now,
      keep: viewer.sessionId,
    });
    await auditAs(db, viewer, {
      action: "session.revoke_others",
      outcome: "success",
      target: { type: "user", id: viewer.user.id },
      details: { revoked },
    });
    return NextResponse.json({ revoked });
  }
  if (body.sessionId === viewer.sessionId)
    return NextResponse.json({ error: "use sign out for this session" }, { status: 422 });
  const revoked = await revokeSession(db, {
    userId: viewer.user.id,
    sessionId: body.sessionId,
    by: viewer.user.id,
    now,
  });
  await auditAs(db, viewer, {
    action: "session.revoke",
    outcome: revoked ? "success" : "denied",
    target: { type: "session", id: body.sessionId },
  });
  return revoked
    ? NextResponse.json({ revoked: 1 })
    : NextResponse.json({ error: "no such active session" }, { status: 404 });
});
