import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { defineContract } from "./define";

/** The local admin replaces the one-time password, or changes their password; their other sessions end. */
const changePassword = defineContract({
  method: "POST",
  path: "/api/account/password",
  // Passwords keep their spaces: trimming would change the secret.
  body: z.object({
    current: safeText({ min: 1, max: 256, trim: false }),
    next: safeText({ max: 256, trim: false }),
  }),
  response: z.object({ ok: z.literal(true) }),
});

/** Signs out one of your other sessions, or all of them. */
const revokeSessions = defineContract({
  method: "POST",
  path: "/api/account/sessions",
  body: z.union([z.object({ sessionId: z.uuid() }), z.object({ others: z.literal(true) })]),
  response: z.object({ revoked: z.number().int().min(0) }),
});

/** The signed-in user's own account. */
export const accountApi = { changePassword, revokeSessions };
