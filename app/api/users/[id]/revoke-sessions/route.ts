import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { usersApi } from "@/lib/contracts/users";
import { revokeUserSessions } from "@/lib/db/queries/sessions";
import { getUser } from "@/lib/db/queries/users";

/** Signs a user out everywhere. Aimed at yourself, it keeps the session making the request. */
export const POST = route({ contract: usersApi.revokeSessions, needs: "admin" }, async ({ viewer, db, params }) => {
  const user = await getUser(db, params.id);
  if (!user) return problem("not-found", "user not found");
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
    return { revoked };
  });
});
