import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, hsts } from "./lib/auth/csp";
import { env } from "./lib/env";

/**
 * A fresh CSP nonce per response (Next.js puts it on its own scripts when it finds the policy on the
 * request), HSTS over https, and the path for the sign-in redirect. No authorization here: every page and
 * route handler checks the session against the database (docs/architecture.md).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-posture-path", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  const strict = hsts(request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(":", ""));
  if (strict) response.headers.set("Strict-Transport-Security", strict);
  return response;
}

export const config = {
  // Static build assets carry no HTML; everything else (pages, route handlers, RSC requests) passes here.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
