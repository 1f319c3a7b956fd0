import { NextResponse } from "next/server";
import { revokeSession } from "@/lib/db/queries/sessions";
import { auditAs, route } from "@/lib/auth/server";
import { secureCookies, SESSION_COOKIE } from "@/lib/auth/request";
import { publicUrl } from "@/lib/env";

/** Ends this session on the server and clears its cookie; a plain form post, so it works without JavaScript. */
export const POST = route({ needs: "signed-in", allowOneTimePassword: true }, async ({ viewer, db }) => {
  await db.transaction(async (tx) => {
    const now = new Date();
    await revokeSession(tx, { userId: viewer.user.id, sessionId: viewer.sessionId, by: viewer.user.id, now });
    await auditAs(tx, viewer, { action: "auth.sign_out", outcome: "success" });
  });
  const response = NextResponse.redirect(new URL("/signin?reason=signed-out", publicUrl), 303);
  response.cookies.set(SESSION_COOKIE, "", {
    maxAge: 0,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies,
  });
  return response;
});
