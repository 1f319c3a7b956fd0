import "server-only";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import type { BodyOf, Contract, ParamsOf, ResponseOf } from "@/lib/contracts/define";
import { invalidInput, Problem, problem, problemResponse } from "@/lib/contracts/errors";
import type { Db } from "@/lib/db/types";
import type { Role } from "@/lib/domain/vocabulary";
import { audit, type AuditEntry } from "@/lib/db/queries/audit";
import type { AccountScope } from "@/lib/db/queries/scope";
import { checkSession } from "@/lib/db/queries/sessions";
import { resolveUserScope, type User } from "@/lib/db/queries/users";
import { log } from "@/lib/log";
import { sessionPolicy } from "./policy";
import { clientIp, isSameOrigin, SESSION_COOKIE } from "./request";
import { hasRole } from "./roles";
import { authSecret } from "./secret";
import { hashToken } from "./tokens";
import { createCookieDecoder } from "./session-cookie";

/** Who is asking, as established on the server for this request. */
export type Viewer = {
  user: Pick<User, "id" | "email" | "name" | "role" | "passwordOneTime">;
  sessionId: string;
  role: Role | null;
  /** The accounts every query for this viewer is limited to. */
  scope: AccountScope;
  ip: string | null;
};

export type NoViewer = { reason: "anonymous" | "revoked" | "expired" | "idle" | "disabled" | "unknown" };

const decodeCookie = createCookieDecoder((token) => decode({ token, secret: authSecret() }));

async function sessionToken(jar: Awaited<ReturnType<typeof cookies>>): Promise<string | null> {
  const raw = jar.get(SESSION_COOKIE)?.value;
  return raw ? decodeCookie(raw) : null;
}

/** Resolves the session cookie against the sessions table (once per request). */
export const getViewer = cache(async (): Promise<Viewer | NoViewer> => {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const token = await sessionToken(jar);
  if (!token) return { reason: "anonymous" };
  const { db } = await getDatabase();
  const check = await checkSession(db, hashToken(token), new Date(), sessionPolicy);
  if (!check.ok) return { reason: check.reason };
  const { user, session } = check;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, passwordOneTime: user.passwordOneTime },
    sessionId: session.id,
    role: user.role,
    scope: await resolveUserScope(db, user),
    ip: clientIp(h),
  };
});

export function isViewer(v: Viewer | NoViewer): v is Viewer {
  return "user" in v;
}

/** What a page or route needs: a role, or only a signed-in user (their own sessions, the "no access" page). */
export type Requirement = Role | "signed-in";

async function currentPath(): Promise<string> {
  const path = (await headers()).get("x-posture-path");
  return path && path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

/** An audit entry for something the viewer did: the actor and client address come from the request. */
export function auditAs(db: Db, viewer: Viewer, entry: Omit<AuditEntry, "actor" | "ip">): Promise<void> {
  return audit(db, { ...entry, actor: { id: viewer.user.id, email: viewer.user.email }, ip: viewer.ip });
}

async function deny(db: Db, viewer: Viewer, needed: Requirement, where: string) {
  await auditAs(db, viewer, {
    action: "auth.denied",
    outcome: "denied",
    details: { path: where, needed, role: viewer.role },
  });
}

/**
 * The first line of every page: the signed-in viewer with at least `needed`, or a redirect to
 * sign-in (anonymous, expired), to the password change (one-time password), to "ask your admin"
 * (no role), or a 403 (a role too low). Pages then query with `viewer.scope`.
 */
export async function requirePage(needed: Requirement): Promise<Viewer> {
  const viewer = await getViewer();
  const path = await currentPath();
  if (!isViewer(viewer)) {
    const expired = viewer.reason === "idle" || viewer.reason === "expired" || viewer.reason === "revoked";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}${expired ? `&reason=${viewer.reason}` : ""}`);
  }
  if (viewer.user.passwordOneTime && path !== "/account/password") redirect("/account/password");
  if (needed === "signed-in") return viewer;
  if (viewer.role === null) redirect("/no-access");
  if (!hasRole(viewer.role, needed)) {
    await deny((await getDatabase()).db, viewer, needed, path);
    forbidden();
  }
  return viewer;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type RouteAccess = {
  needs: Requirement;
  /** Reachable while the one-time password is still unchanged (changing it, signing out). */
  allowOneTimePassword?: boolean;
};

type RouteSpec<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType> = RouteAccess & {
  params?: P;
  body?: B;
  query?: Q;
  /** What `query` parses, from the query string; by default one value per key (lists need their own). */
  queryFrom?: (params: URLSearchParams) => unknown;
};

type ContractSpec<C extends Contract> = RouteAccess & {
  contract: C;
  /** A GET contract's query: validated like a body (422 with field errors), handed over as `query`. */
  query?: z.ZodType;
  queryFrom?: (params: URLSearchParams) => unknown;
};

export type RouteInput<P, B, Q> = { viewer: Viewer; db: Db; params: P; body: B; query: Q; request: Request };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_BODY = 256 * 1024;
const NO_STORE = { "Cache-Control": "no-store" };

/**
 * Every route handler goes through this: the session, the role, same-origin for mutations (CSRF), zod input.
 * With a contract, the handler returns its answer (type-checked, validated again on the way out) or a Problem;
 * without one (redirects, CSV), a Response or a Problem. Errors are generic: their detail goes to the log.
 */
export function route<C extends Contract>(
  spec: ContractSpec<C>,
  handler: (input: RouteInput<ParamsOf<C>, BodyOf<C>, unknown>) => Promise<ResponseOf<C> | Problem>,
): (request: Request, context: RouteContext) => Promise<Response>;
export function route<
  P extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
>(
  spec: RouteSpec<P, B, Q>,
  handler: (input: RouteInput<z.infer<P>, z.infer<B>, z.infer<Q>>) => Promise<Response | Problem>,
): (request: Request, context: RouteContext) => Promise<Response>;
export function route(
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType> & { contract?: Contract },
  handler: (input: RouteInput<unknown, unknown, unknown>) => Promise<unknown>,
) {
  const contract = spec.contract;
  const schemas = contract
    ? { params: contract.params, body: contract.body, query: spec.query, queryFrom: spec.queryFrom }
    : spec;
  const answer = async (request: Request, context: RouteContext): Promise<Response> => {
    const url = new URL(request.url);
    const outcome = await authorize(request, spec);
    if (outcome instanceof Problem) return problemResponse(outcome);
    const { viewer, db } = outcome;
    const input = await parseInput(request, url, context, schemas);
    if (input instanceof Problem) return problemResponse(input);
    const failed = (err: unknown) => {
      const reference = crypto.randomUUID();
      log.error("route failed", { reference, method: request.method, path: url.pathname, error: err });
      return problemResponse(problem("internal", "something went wrong", { reference }));
    };
    let result: unknown;
    try {
      result = await handler({ viewer, db, ...input, request });
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      return failed(err);
    }
    if (result instanceof Problem) return problemResponse(result);
    if (!contract) return result instanceof Response ? result : failed(new Error("handler answered no Response"));
    // Validated on the way out too: only what the contract names leaves the server.
    const checked = contract.response.safeParse(result);
    if (!checked.success) return failed(checked.error);
    return Response.json(checked.data, { status: contract.status ?? 200, headers: NO_STORE });
  };
  // A database that is down (restarting, unreachable) answers a clear 503; the pool reconnects by itself.
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      return await answer(request, context);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      log.warn("database unavailable", { method: request.method, path: new URL(request.url).pathname, err });
      const p = problem("unavailable", "The database cannot be reached right now; try again in a few seconds.");
      const response = problemResponse(p);
      response.headers.set("Retry-After", "5");
      return response;
    }
  };
}

/** Who may call: same-origin for mutations, a live session, the one-time password changed, the role. */
async function authorize(request: Request, access: RouteAccess): Promise<{ viewer: Viewer; db: Db } | Problem> {
  const viewer = await getViewer();
  if (MUTATING.has(request.method) && !isSameOrigin(request.headers)) {
    // A forged cross-site request is an attack signal worth keeping, whoever's cookie it rode on.
    const { db } = await getDatabase();
    const actor = isViewer(viewer) ? { id: viewer.user.id, email: viewer.user.email } : null;
    await audit(db, {
      actor,
      action: "auth.csrf_refused",
      outcome: "denied",
      ip: clientIp(request.headers),
      details: {
        path: `${request.method} ${new URL(request.url).pathname}`,
        origin: request.headers.get("origin")?.slice(0, 200) ?? null,
      },
    });
    return problem("cross-site", "cross-site request refused");
  }
  if (!isViewer(viewer)) return problem("unauthenticated", "sign in first");
  const { db } = await getDatabase();
  if (viewer.user.passwordOneTime && !access.allowOneTimePassword)
    return problem("password-change-required", "change the one-time password first");
  if (access.needs !== "signed-in" && !hasRole(viewer.role, access.needs)) {
    await deny(db, viewer, access.needs, `${request.method} ${new URL(request.url).pathname}`);
    return problem("forbidden", "not allowed");
  }
  return { viewer, db };
}

async function parseInput(
  request: Request,
  url: URL,
  context: RouteContext,
  schemas: {
    params?: z.ZodType;
    body?: z.ZodType;
    query?: z.ZodType;
    queryFrom?: (params: URLSearchParams) => unknown;
  },
): Promise<{ params: unknown; body: unknown; query: unknown } | Problem> {
  const params = (schemas.params ?? z.unknown()).safeParse(await context.params);
  if (!params.success) return invalidInput(params.error, "invalid path");
  const rawQuery = schemas.queryFrom ? schemas.queryFrom(url.searchParams) : Object.fromEntries(url.searchParams);
  const query = (schemas.query ?? z.unknown()).safeParse(rawQuery);
  if (!query.success) return invalidInput(query.error, "invalid query");
  if (!schemas.body) return { params: params.data, body: undefined, query: query.data };
  const text = await request.text();
  if (text.length > MAX_BODY) return problem("too-large", "request too large");
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    return problem("bad-request", "body must be JSON");
  }
  const body = schemas.body.safeParse(json);
  if (!body.success) return invalidInput(body.error);
  return { params: params.data, body: body.data, query: query.data };
}
