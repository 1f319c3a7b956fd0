import type { HttpMethod } from "./routes";

/**
 * Who may use each page and route handler of app/: lib/auth/routes.test.ts holds it to the routes that
 * exist, e2e/authz/matrix.spec.ts sends every entry as every persona. A sample must change nothing when
 * let in, so it names ids that do not exist (the answer is then 404 or 422, which count as let in).
 */
export type Need = "public" | "signed-in" | "viewer" | "triager" | "admin";

export type MatrixEntry = {
  method: HttpMethod;
  /** As app/ spells it: "/runs/[id]", "/api/auth/[...nextauth]". */
  path: string;
  needs: Need;
  /** Values for the dynamic segments; a catch-all takes "a/b". */
  params?: Record<string, string>;
  /** Query string without "?". */
  query?: string;
  /** JSON body for mutations. */
  body?: unknown;
  /** The request ends the session it is sent with (sign-out): sent with a session of its own. */
  endsSession?: boolean;
  /** Where the request redirects when it succeeds, if that looks like a refusal (sign-out lands on /signin). */
  successRedirect?: string;
  /** Cross-site protection: the Origin check of lib/auth/server.ts `route()` (default), or next-auth's own CSRF token. */
  csrf?: "origin" | "next-auth";
  note?: string;
};

/** A run id, an API key id, … that does not exist: allowed requests answer 404. */
export const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
/** A finding id (sha256 hex) that does not exist. */
export const NO_SUCH_FINDING = "0".repeat(64);

const viewerPages = [
  "/",
  "/accounts",
  "/findings",
  "/checks",
  "/compliance",
  "/guardduty",
  "/costs",
  "/trends",
  "/timeline",
  "/changes",
  "/canaries",
  "/investigate",
];

export const matrix: MatrixEntry[] = [
  // Pages every role reads, limited to the viewer's scope.
  ...viewerPages.map((path): MatrixEntry => ({ method: "GET", path, needs: "viewer" })),
  // Organization-wide and installation pages.
  { method: "GET", path: "/settings", needs: "admin" },
  { method: "GET", path: "/runs", needs: "admin" },
  { method: "GET", path: "/runs/[id]", needs: "admin", params: { id: NO_SUCH_ID } },
  {
    method: "GET",
    path: "/guardduty/findings/[accountId]/[region]/[id]",
    needs: "viewer",
    params: { accountId: "000000000000", region: "us-east-1", id: "no-such-finding" },
    note: "scoped: a finding outside the viewer's accounts answers 404 like one that does not exist",
  },
  { method: "GET", path: "/findings/[id]", needs: "viewer", params: { id: NO_SUCH_FINDING } },
  {
    method: "GET",
    path: "/accounts/[id]",
    needs: "viewer",
    params: { id: "000000000000" },
    note: "scoped: an account outside the viewer's scope answers 404 like one that does not exist",
  },
  { method: "GET", path: "/findings/mine", needs: "viewer" },
  { method: "GET", path: "/settings/users", needs: "admin" },
  { method: "GET", path: "/settings/audit", needs: "admin" },
  // Sign-in and the signed-in user's own pages.
  { method: "GET", path: "/signin", needs: "public", note: "a signed-in visitor is sent on to the callback URL" },
  { method: "GET", path: "/no-access", needs: "signed-in", note: "a user with a role is sent to the overview" },
  {
    method: "GET",
    path: "/account/password",
    needs: "signed-in",
    note: "single sign-on users are sent to their sessions",
  },
  { method: "GET", path: "/account/sessions", needs: "signed-in" },

  // Route handlers.
  { method: "GET", path: "/api/health", needs: "public", note: "load balancers and uptime probes; no account data" },
  {
    method: "GET",
    path: "/api/auth/[...nextauth]",
    needs: "public",
    params: { nextauth: "providers" },
    csrf: "next-auth",
    note: "next-auth's own endpoints (provider redirects, callbacks, CSRF token); not wrapped by route()",
  },
  {
    method: "POST",
    path: "/api/auth/[...nextauth]",
    needs: "public",
    params: { nextauth: "session" },
    csrf: "next-auth",
    note: "next-auth checks its double-submit CSRF token",
  },
  {
    method: "POST",
    path: "/api/account/password",
    needs: "signed-in",
    body: { current: "not the current password", next: "not a new password either" },
  },
  { method: "POST", path: "/api/account/sessions", needs: "signed-in", body: { sessionId: NO_SUCH_ID } },
  {
    method: "POST",
    path: "/api/account/sign-out",
    needs: "signed-in",
    endsSession: true,
    successRedirect: "/signin?reason=signed-out",
  },
  { method: "GET", path: "/api/runs/[id]", needs: "admin", params: { id: NO_SUCH_ID } },
  { method: "POST", path: "/api/runs/[id]/cancel", needs: "admin", params: { id: NO_SUCH_ID } },

  // Collection, check settings and the demo (admins). Samples change nothing when let in.
  {
    method: "POST",
    path: "/api/collections",
    needs: "admin",
    body: {},
    note: "let in, it enqueues a job no worker takes (Postgres mode; the test database is dropped after the run)",
  },
  { method: "GET", path: "/api/collections/[jobId]", needs: "admin", params: { jobId: NO_SUCH_ID } },
  {
    method: "PUT",
    path: "/api/settings/checks",
    needs: "admin",
    body: { adminUserThreshold: -1 },
    note: "invalid: 422",
  },
  {
    method: "DELETE",
    path: "/api/settings/checks",
    needs: "admin",
    note: "nothing is saved on the test server: resetting changes nothing",
  },
  { method: "PUT", path: "/api/settings/sla", needs: "admin", body: { days: {} }, note: "invalid: 422" },
  {
    method: "PUT",
    path: "/api/settings/retention",
    needs: "admin",
    body: { runs: 180, resolvedFindings: 365, guardduty: 365, activity: 365, audit: 30 },
    note: "invalid (the audit log's minimum is 365 days): 422",
  },
  {
    method: "POST",
    path: "/api/settings/retention/purge",
    needs: "admin",
    note: "let in, it enqueues a purge no worker takes (Postgres mode)",
  },
  {
    method: "PUT",
    path: "/api/settings/activity-rules",
    needs: "admin",
    body: { no_such_rule: { enabled: false } },
    note: "invalid: 422",
  },
  { method: "POST", path: "/api/suppression-rules", needs: "admin", body: { reason: "" }, note: "invalid: 422" },
  { method: "DELETE", path: "/api/suppression-rules/[id]", needs: "admin", params: { id: NO_SUCH_ID } },
  { method: "GET", path: "/api/demo", needs: "viewer", note: "the demo banner's loading progress; no account data" },
  { method: "DELETE", path: "/api/demo", needs: "admin", note: "no demo on the Postgres server: 404" },

  {
    method: "GET",
    path: "/api/investigate/export",
    needs: "viewer",
    query: "q=AKIAIOSFODNN7EXAMPLE",
    note: "events of accounts in the reader's scope only; audited",
  },
  // On-demand CloudTrail lookups (triagers and admins): an empty subject is 422; another's lookup is 404.
  { method: "POST", path: "/api/investigate/lookups", needs: "triager", body: { q: "" }, note: "invalid: 422" },
  {
    method: "GET",
    path: "/api/investigate/lookups/[id]",
    needs: "triager",
    params: { id: NO_SUCH_ID },
    note: "only the requester's lookups (admins: any); others answer 404",
  },
  // Canary registry (admins). An invalid key id: 422; an unknown canary: 404.
  { method: "POST", path: "/api/canaries", needs: "admin", body: { accessKeyId: "not-a-key" } },
  { method: "DELETE", path: "/api/canaries/[id]", needs: "admin", params: { id: NO_SUCH_ID } },
  // Cost incident feedback: any role, within the viewer's scope; an incident out of scope is 404.
  {
    method: "PUT",
    path: "/api/costs/incidents/[id]/verdict",
    needs: "viewer",
    params: { id: NO_SUCH_ID },
    body: { verdict: "expected", note: "planned" },
  },

  // Users, teams and the audit log (admins). Unknown ids: 404; invalid bodies: 422.
  { method: "PATCH", path: "/api/users/[id]", needs: "admin", params: { id: NO_SUCH_ID }, body: { role: "viewer" } },
  { method: "POST", path: "/api/users/[id]/revoke-sessions", needs: "admin", params: { id: NO_SUCH_ID } },
  { method: "POST", path: "/api/teams", needs: "admin", body: { name: "" } },
  {
    method: "PATCH",
    path: "/api/teams/[id]",
    needs: "admin",
    params: { id: NO_SUCH_ID },
    body: { description: "unchanged" },
  },
  { method: "DELETE", path: "/api/teams/[id]", needs: "admin", params: { id: NO_SUCH_ID } },
  {
    method: "POST",
    path: "/api/teams/[id]/scopes",
    needs: "admin",
    params: { id: NO_SUCH_ID },
    body: { kind: "environment", value: "prod" },
  },
  {
    method: "DELETE",
    path: "/api/teams/[id]/scopes/[scopeId]",
    needs: "admin",
    params: { id: NO_SUCH_ID, scopeId: NO_SUCH_ID },
  },
  {
    method: "POST",
    path: "/api/teams/[id]/members",
    needs: "admin",
    params: { id: NO_SUCH_ID },
    body: { userId: NO_SUCH_ID },
  },
  {
    method: "DELETE",
    path: "/api/teams/[id]/members/[userId]",
    needs: "admin",
    params: { id: NO_SUCH_ID, userId: NO_SUCH_ID },
  },
  { method: "GET", path: "/api/audit/export", needs: "admin", query: "since=24h" },
  // Findings reads, limited to the viewer's scope; the export is audited.
  { method: "GET", path: "/api/findings", needs: "viewer", query: "severity=critical&limit=5" },
  { method: "GET", path: "/api/findings/export", needs: "viewer", query: "format=csv&severity=critical" },

  // Finding triage (triagers, within scope): an id that does not exist answers 404; bulk over it changes nothing.
  {
    method: "POST",
    path: "/api/findings/[id]/actions",
    needs: "triager",
    params: { id: NO_SUCH_FINDING },
    body: { action: "acknowledge" },
  },
  {
    method: "POST",
    path: "/api/findings/bulk/count",
    needs: "triager",
    body: { target: { ids: [NO_SUCH_FINDING] } },
  },
  {
    method: "POST",
    path: "/api/findings/bulk",
    needs: "triager",
    body: { target: { ids: [NO_SUCH_FINDING] }, action: { action: "acknowledge" } },
    note: "no such finding: nothing processed",
  },
  { method: "GET", path: "/api/compliance/export", needs: "viewer", query: "framework=fsbp" },
];

export const MUTATIONS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The URL path of an entry with its sample params filled in. */
export function concretePath(entry: MatrixEntry): string {
  const path = entry.path.replace(
    /\[{1,2}(\.{3})?([^\]]+)\]{1,2}/g,
    (_, catchAll: string | undefined, name: string) => {
      const value = entry.params?.[name];
      if (value === undefined) throw new Error(`${entry.method} ${entry.path}: no sample value for [${name}]`);
      return catchAll ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
    },
  );
  return entry.query ? `${path}?${entry.query}` : path;
}

export const isApi = (entry: Pick<MatrixEntry, "path">) => entry.path.startsWith("/api/");

/** Who sends the requests: no session, or a persona signed in through the identity provider. */
export const matrixPersonas = ["anonymous", "norole", "viewer", "triager", "outsider", "admin"] as const;
export type MatrixPersona = (typeof matrixPersonas)[number];
const roleOf: Record<MatrixPersona, "viewer" | "triager" | "admin" | null | "anonymous"> = {
  anonymous: "anonymous",
  norole: null,
  viewer: "viewer",
  triager: "triager",
  outsider: "triager",
  admin: "admin",
};
const rank = { viewer: 1, triager: 2, admin: 3 } as const;

/**
 * What the app must answer. allowed: not 401/403, no redirect to sign-in or "ask your admin" (404/422
 * count); signin: a page redirects to /signin; unauthorized: an API answers 401; no-access: a page sends
 * a user without a role to /no-access; forbidden: 403 (a page renders app/forbidden.tsx).
 */
export type Outcome = "allowed" | "signin" | "unauthorized" | "no-access" | "forbidden";

export function expectedOutcome(entry: MatrixEntry, persona: MatrixPersona): Outcome {
  if (entry.needs === "public") return "allowed";
  const role = roleOf[persona];
  if (role === "anonymous") return isApi(entry) ? "unauthorized" : "signin";
  if (entry.needs === "signed-in") return "allowed";
  if (role === null) return isApi(entry) ? "forbidden" : "no-access";
  return rank[role] >= rank[entry.needs] ? "allowed" : "forbidden";
}

/** What an answer means, from its status and Location. A 5xx is never an outcome. */
export function observedOutcome(
  status: number,
  location: string | undefined,
  entry?: Pick<MatrixEntry, "successRedirect">,
): Outcome | "error" {
  if (status >= 500) return "error";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status >= 300 && status < 400 && location) {
    const url = new URL(location, "http://x");
    if (entry?.successRedirect && url.pathname + url.search === entry.successRedirect) return "allowed";
    const path = url.pathname;
    if (path === "/signin") return "signin";
    if (path === "/no-access") return "no-access";
  }
  return "allowed";
}
