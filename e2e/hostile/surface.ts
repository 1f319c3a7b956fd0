import { NO_SUCH_ID } from "../authz/matrix";

/**
 * The parameters each route of app/ reads, by "METHOD /path" (path parameters come from the path):
 * exactly its zod schemas' fields, which lib/auth/hostile-surface.test.ts holds this list to.
 */
export type SurfaceEntry = {
  /** Query parameters the route reads. */
  query?: readonly string[];
  /** Body fields, nested ones dotted ("sensitiveDataTag.key"). */
  body?: readonly string[];
  /** A valid, harmless body each payload is put into, one field at a time. */
  base?: Record<string, unknown>;
  /** The body is one of several single-field shapes: a payload is sent alone, not merged into `base`. */
  exclusive?: boolean;
  /** next-auth's endpoints read forms. */
  form?: boolean;
  /** More samples of a path parameter to probe (next-auth's actions behind its catch-all). */
  variants?: Record<string, readonly string[]>;
  /** Values never sent to a field: accepted, they would end sessions other tests use. */
  never?: Record<string, readonly unknown[]>;
};

export const surface: Record<string, SurfaceEntry> = {
  "GET /": {},
  "GET /accounts": {},
  "GET /findings": {},
  "GET /checks": {},
  "GET /guardduty": {},
  "GET /costs": {},
  "GET /trends": {},
  "GET /canaries": {},
  "GET /settings": {},
  "GET /runs": {},
  "GET /runs/[id]": {},
  "GET /settings/users": {},
  "GET /settings/audit": { query: ["action", "outcome", "actor", "since", "before"] },
  "GET /signin": { query: ["callbackUrl", "error", "reason"] },
  "GET /no-access": {},
  "GET /account/password": {},
  "GET /account/sessions": {},

  "GET /api/health": {},
  "GET /api/auth/[...nextauth]": {
    query: ["callbackUrl", "error", "code", "state"],
    variants: {
      nextauth: [
        "providers",
        "session",
        "csrf",
        "signin",
        "signin/corp",
        "callback/corp",
        "callback/local",
        "signout",
        "error",
        "_log",
      ],
    },
  },
  "POST /api/auth/[...nextauth]": {
    body: ["csrfToken", "callbackUrl", "username", "password", "json"],
    base: { username: "hostile-probe", password: "not a password", callbackUrl: "/" },
    form: true,
    variants: { nextauth: ["session", "callback/local", "signin/corp", "signout", "callback/corp", "_log"] },
  },
  "POST /api/account/password": {
    body: ["current", "next"],
    base: { current: "not the current password", next: "not a new password either" },
  },
  "POST /api/account/sessions": {
    body: ["sessionId", "others"],
    exclusive: true,
    never: { others: [true] },
  },
  "POST /api/account/sign-out": {},
  "GET /api/runs/[id]": {},
  "POST /api/runs/[id]/cancel": {},
  "POST /api/collections": {},
  "GET /api/collections/[jobId]": {},
  "PUT /api/settings/checks": {
    body: [
      "unusedRegions",
      "logArchiveBucket",
      "logArchiveAccountId",
      "onPremisesCidrs",
      "overlapIncludesDefaultVpcs",
      "adminUserThreshold",
      "prodSeverityRaise",
      "environmentTag",
      "sensitiveDataTag",
      "sensitiveDataTag.key",
      "sensitiveDataTag.values",
    ],
    base: { sensitiveDataTag: { key: "DataClassification", values: ["pii"] } },
  },
  "DELETE /api/settings/checks": {},
  "DELETE /api/demo": {},
  "GET /api/demo": {},
  "PATCH /api/users/[id]": { body: ["role", "disabled", "followIdp"], exclusive: true },
  "POST /api/users/[id]/revoke-sessions": {},
  "POST /api/teams": { body: ["name", "description", "idpGroup"], base: { name: "hostile probe" } },
  "PATCH /api/teams/[id]": { body: ["name", "description", "idpGroup"], base: { description: "unchanged" } },
  "DELETE /api/teams/[id]": {},
  "POST /api/teams/[id]/scopes": { body: ["kind", "value"], base: { kind: "environment", value: "prod" } },
  "DELETE /api/teams/[id]/scopes/[scopeId]": {},
  "POST /api/teams/[id]/members": { body: ["userId"], base: { userId: NO_SUCH_ID } },
  "DELETE /api/teams/[id]/members/[userId]": {},
  "GET /api/audit/export": { query: ["action", "outcome", "actor", "since", "before"] },
};

/** The path parameters of a route as app/ spells it: "/teams/[id]/members/[userId]" → ["id", "userId"]. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\[{1,2}(?:\.{3})?([^\]]+)\]{1,2}/g)].map((m) => m[1]!);
}
