import "server-only";
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { cache } from "react";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
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

async function sessionToken(jar: Awaited<ReturnType<typeof cookies>>): Promise<string | null> {
  const raw = jar.get(SESSION_COOKIE)?.value;
  if (!raw) return null;
  try {
    const payload = await decode({ token: raw, secret: authSecret() });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null; // Tampered, or encrypted with another secret.
  }
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

type RouteSpec<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType> = {
  needs: Requirement;
  params?: P;
  body?: B;
  query?: Q;
  /** Reachable while the one-time password is still unchanged (changing it, signing out). */
  allowOneTimePassword?: boolean;
};

export type RouteInput<P, B, Q> = { viewer: Viewer; db: Db; params: P; body: B; query: Q; request: Request };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_BODY = 256 * 1024;

function problem(status: number, error: string, fields?: unknown) {
  return NextResponse.json(fields ? { error, fields } : { error }, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

/**
 * Every route handler goes through this: authentication against the sessions table, the role,
 * same-origin for mutations (CSRF), zod validation of params, query and body. Errors are generic;
 * their detail goes to the server log only.
 */
export function route<
  P extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<P, B, Q>, handler: (input: RouteInput<z.infer<P>, z.infer<B>, z.infer<Q>>) => Promise<Response>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const mutating = MUTATING.has(request.method);
    const viewer = await getViewer();
    if (mutating && !isSameOrigin(request.headers)) {
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
      return problem(403, "cross-site request refused");
    }
    if (!isViewer(viewer)) return problem(401, "sign in first");
    const { db } = await getDatabase();
    if (viewer.user.passwordOneTime && !spec.allowOneTimePassword)
      return problem(403, "change the one-time password first");
    if (spec.needs !== "signed-in" && !hasRole(viewer.role, spec.needs)) {
      await deny(db, viewer, spec.needs, `${request.method} ${new URL(request.url).pathname}`);
      return problem(403, "not allowed");
    }
    const params = (spec.params ?? z.unknown()).safeParse(await context.params);
    if (!params.success) return problem(422, "invalid path", z.flattenError(params.error).fieldErrors);
    const url = new URL(request.url);
    const query = (spec.query ?? z.unknown()).safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return problem(422, "invalid query", z.flattenError(query.error).fieldErrors);
    let body: unknown = undefined;
    if (spec.body) {
      const text = await request.text();
      if (text.length > MAX_BODY) return problem(413, "request too large");
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return problem(400, "body must be JSON");
      }
      const parsed = spec.body.safeParse(body);
      if (!parsed.success) return problem(422, "invalid input", z.flattenError(parsed.error).fieldErrors);
      body = parsed.data;
    }
    try {
      return await handler({
        viewer,
        db,
        params: params.data as z.infer<P>,
        body: body as z.infer<B>,
        query: query.data as z.infer<Q>,
        request,
      });
    } catch (err) {
      const reference = crypto.randomUUID();
      log.error("route failed", { reference, method: request.method, path: url.pathname, error: err });
      return NextResponse.json({ error: "something went wrong", reference }, { status: 500 });
    }
  };
}
