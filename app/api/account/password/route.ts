import { NextResponse } from "next/server";
import { z } from "zod";
import { revokeUserSessions } from "@/lib/db/queries/sessions";
import { getUser, setLocalPassword } from "@/lib/db/queries/users";
import { checkCurrentPassword } from "@/lib/auth/attempts";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { auditAs, route } from "@/lib/auth/server";

const body = z.object({ current: z.string().min(1).max(256), next: z.string().max(256) });

/** The local admin replaces the one-time password (or changes their password); other sessions end. */
export const POST = route({ needs: "signed-in", allowOneTimePassword: true, body }, async ({ viewer, db, body }) => {
  const user = await getUser(db, viewer.user.id);
  if (!user?.passwordHash)
    return NextResponse.json({ error: "this account signs in through single sign-on" }, { status: 422 });
  const current = await checkCurrentPassword(user.id, body.current, user.passwordHash);
  if (current === "rate-limited")
    return NextResponse.json(
      { error: "too many wrong passwords: wait 15 minutes and try again" },
      { status: 429, headers: { "Retry-After": "900" } },
    );
  if (current === "wrong") {
    await auditAs(db, viewer, {
      action: "user.password_change",
      outcome: "denied",
      target: { type: "user", id: user.id },
      details: { reason: "wrong current password" },
    });
    return NextResponse.json(
      { error: "invalid input", fields: { current: ["is not your current password"] } },
      { status: 422 },
    );
  }
  const problem =
    passwordProblem(body.next, user.email) ??
    (body.next === body.current ? "must differ from the current password" : null);
  if (problem) return NextResponse.json({ error: "invalid input", fields: { next: [problem] } }, { status: 422 });
  await setLocalPassword(db, user.id, await hashPassword(body.next));
  await revokeUserSessions(db, { userId: user.id, by: user.id, now: new Date(), keep: viewer.sessionId });
  await auditAs(db, viewer, {
    action: "user.password_change",
    outcome: "success",
    target: { type: "user", id: user.id },
  });
  return NextResponse.json({ ok: true });
});
