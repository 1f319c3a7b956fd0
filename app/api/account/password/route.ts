import { accountApi } from "@/lib/contracts/account";
import { invalid, problem } from "@/lib/contracts/errors";
import { revokeUserSessions } from "@/lib/db/queries/sessions";
import { getUser, setLocalPassword } from "@/lib/db/queries/users";
import { checkCurrentPassword } from "@/lib/auth/attempts";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { auditAs, route } from "@/lib/auth/server";

/** The local admin replaces the one-time password (or changes their password); other sessions end. */
export const POST = route(
  { contract: accountApi.changePassword, needs: "signed-in", allowOneTimePassword: true },
  async ({ viewer, db, body }) => {
    const user = await getUser(db, viewer.user.id);
    const stored = user?.passwordHash;
    if (!user || !stored) return problem("refused", "this account signs in through single sign-on");
    const current = await checkCurrentPassword(user.id, body.current, stored);
    if (current === "rate-limited") {
      const refused = problem("rate-limited", "too many wrong passwords: wait 15 minutes and try again");
      refused.headers["Retry-After"] = "900";
      return refused;
    }
    if (current === "wrong") {
      await auditAs(db, viewer, {
        action: "user.password_change",
        outcome: "denied",
        target: { type: "user", id: user.id },
        details: { reason: "wrong current password" },
      });
      return invalid({ current: ["is not your current password"] });
    }
    const reason =
      passwordProblem(body.next, user.email) ??
      (body.next === body.current ? "must differ from the current password" : null);
    if (reason) return invalid({ next: [reason] });
    // Hashed before the transaction opens: it is slow, and the embedded database has one connection.
    const hash = await hashPassword(body.next);
    return db.transaction(async (tx) => {
      // Only over the password just verified: a change that won a race is not silently overwritten.
      if (!(await setLocalPassword(tx, { userId: user.id, passwordHash: hash, replacing: stored })))
        return problem("conflict", "The password changed meanwhile; sign in again and retry.");
      await revokeUserSessions(tx, { userId: user.id, by: user.id, now: new Date(), keep: viewer.sessionId });
      await auditAs(tx, viewer, {
        action: "user.password_change",
        outcome: "success",
        target: { type: "user", id: user.id },
      });
      return { ok: true as const };
    });
  },
);
