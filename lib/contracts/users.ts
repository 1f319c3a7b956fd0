import { z } from "zod";
import { roles, roleSources } from "@/lib/domain/vocabulary";
import { defineContract } from "./define";

const userParams = z.object({ id: z.uuid() });

/** One change per request: a manual role (null = no role), disabled or enabled, or back to the IdP's mapping. */
const update = defineContract({
  method: "PATCH",
  path: "/api/users/[id]",
  params: userParams,
  body: z.union([
    z.strictObject({ role: z.enum(roles).nullable() }),
    z.strictObject({ disabled: z.boolean() }),
    z.strictObject({ followIdp: z.literal(true) }),
  ]),
  response: z.union([
    z.object({ role: z.enum(roles).nullable(), roleSource: z.enum(roleSources).nullable() }),
    z.object({ disabled: z.boolean(), revokedSessions: z.number().int().min(0) }),
  ]),
});

/** Signs a user out everywhere; aimed at yourself, it keeps the session making the request. */
const revokeSessions = defineContract({
  method: "POST",
  path: "/api/users/[id]/revoke-sessions",
  params: userParams,
  response: z.object({ revoked: z.number().int().min(0) }),
});

/** Users (admins). */
export const usersApi = { update, revokeSessions };
