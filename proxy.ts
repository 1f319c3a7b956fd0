import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, hsts } from "./lib/auth/csp";
import { env } from "./lib/env";
import { isDatabaseReachable } from "./lib/db/reachable";
import { unavailablePage } from "./lib/unavailable-page";

/**
 * A fresh CSP nonce per response (Next.js puts it on its own scripts when it finds the policy on the
 * request), HSTS over https, and the path for the sign-in redirect. No authorization here: every page and
 * route handler checks the session against the database (docs/architecture.md).
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, env.NODE_ENV === "development");
  const strict = hsts(request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(":", ""));
  // Pages meeting a PostgreSQL that is down answer a 503 that retries; route handlers answer their own.
  if (env.DATABASE_URL && !request.nextUrl.pathname.startsWith("/api/")) {
    if (!(await isDatabaseReachable(env.DATABASE_URL))) {
      const page = unavailablePage(nonce);
      page.headers.set("Content-Security-Policy", policy);
      if (strict) page.headers.set("Strict-Transport-Security", strict);
      return page;
    }
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-posture-path", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (strict) response.headers.set("Strict-Transport-Security", strict);
  return response;
}

export const config = {
  // Static build assets carry no HTML; everything else (pages, route handlers, RSC requests) passes here.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
