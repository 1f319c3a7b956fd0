import { accountApi } from "@/lib/contracts/account";
import { problem } from "@/lib/contracts/errors";
import { revokeSession, revokeUserSessions } from "@/lib/db/queries/sessions";
import { auditAs, route } from "@/lib/auth/server";

/** Signs out one of your other sessions, or all of them. */
export const POST = route({ contract: accountApi.revokeSessions, needs: "signed-in" }, async ({ viewer, db, body }) => {
  const now = new Date();
  if ("others" in body) {
    return db.transaction(async (tx) => {
      const revoked = await revokeUserSessions(tx, {
        userId: viewer.user.id,
        by: viewer.user.id,
        now,
        keep: viewer.sessionId,
      });
      await auditAs(tx, viewer, {
        action: "session.revoke_others",
        outcome: "success",
        target: { type: "user", id: viewer.user.id },
        details: { revoked },
      });
      return { revoked };
    });
  }
  if (body.sessionId === viewer.sessionId) return problem("refused", "use sign out for this session");
  return db.transaction(async (tx) => {
    const revoked = await revokeSession(tx, {
      userId: viewer.user.id,
      sessionId: body.sessionId,
      by: viewer.user.id,
      now,
    });
    await auditAs(tx, viewer, {
      action: "session.revoke",
      outcome: revoked ? "success" : "denied",
      target: { type: "session", id: body.sessionId },
    });
    return revoked ? { revoked: 1 } : problem("not-found", "no such active session");
  });
});
