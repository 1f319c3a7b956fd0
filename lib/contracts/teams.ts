import { z } from "zod";
import { optionalText, safeText } from "@/lib/domain/text";
import { environments, scopeKinds } from "@/lib/domain/vocabulary";
import { defineContract } from "./define";

export const teamFields = {
  name: safeText({ min: 1, max: 80 }),
  description: optionalText({ max: 500 }),
  /** Members of this IdP group join the team at sign-in; empty = manual membership only. */
  idpGroup: optionalText({ max: 200 }),
};

const teamParams = z.object({ id: z.uuid() });

const team = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  idpGroup: z.string().nullable(),
});
const idpSync = z.object({ joined: z.number(), left: z.number() });

const create = defineContract({
  method: "POST",
  path: "/api/teams",
  status: 201,
  body: z.strictObject(teamFields),
  response: z.object({ team }),
});

/** Changes the fields given (at least one); a changed IdP group brings its known members in at once. */
const update = defineContract({
  method: "PATCH",
  path: "/api/teams/[id]",
  params: teamParams,
  body: z
    .strictObject(teamFields)
    .partial()
    .refine((v) => Object.keys(v).length > 0, "change at least one field"),
  response: z.object({ team, sync: idpSync }),
});

const remove = defineContract({
  method: "DELETE",
  path: "/api/teams/[id]",
  params: teamParams,
  response: z.object({ deleted: z.string() }),
});

const scopeBody = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("account"), value: z.string().regex(/^\d{12}$/, "must be a 12-digit account id") }),
  // AWS ids are ou-…/r-…; the demo organization's are longer, so the format stays loose and existence decides.
  z.strictObject({
    kind: z.literal("ou"),
    value: z.string().regex(/^(ou|r)-[0-9a-z-]{1,80}$/, "must be an OU id (ou-… or r-…)"),
  }),
  z.strictObject({ kind: z.literal("environment"), value: z.enum(environments) }),
]);
/** A scope to add: an account id, an OU id (the OU and everything below it) or an environment. */
export type ScopeInput = z.input<typeof scopeBody>;

const addScope = defineContract({
  method: "POST",
  path: "/api/teams/[id]/scopes",
  status: 201,
  params: teamParams,
  body: scopeBody,
  response: z.object({ scope: z.object({ id: z.string(), kind: z.enum(scopeKinds), value: z.string() }) }),
});

const removeScope = defineContract({
  method: "DELETE",
  path: "/api/teams/[id]/scopes/[scopeId]",
  params: z.object({ id: z.uuid(), scopeId: z.uuid() }),
  response: z.object({ deleted: z.string() }),
});

const addMember = defineContract({
  method: "POST",
  path: "/api/teams/[id]/members",
  status: 201,
  params: teamParams,
  body: z.strictObject({ userId: z.uuid() }),
  response: z.object({ added: z.string() }),
});

/** Only memberships added by hand: an IdP group's members leave through the group. */
const removeMember = defineContract({
  method: "DELETE",
  path: "/api/teams/[id]/members/[userId]",
  params: z.object({ id: z.uuid(), userId: z.uuid() }),
  response: z.object({ removed: z.string() }),
});

/** Teams, their scopes and members (admins). */
export const teamsApi = { create, update, remove, addScope, removeScope, addMember, removeMember };
