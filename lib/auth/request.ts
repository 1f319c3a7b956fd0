import { publicUrl } from "@/lib/env";

/** The client address as the server saw it (Next.js sets x-forwarded-for; behind a proxy, the proxy's view). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}

/** The cookies are marked Secure (and named __Secure-…) when the dashboard is served over https. */
export const secureCookies = publicUrl.startsWith("https://");
export const SESSION_COOKIE = secureCookies ? "__Secure-next-auth.session-token" : "next-auth.session-token";

/**
 * CSRF defence for every mutation: the browser must say the request comes from this origin. All
 * browsers send Origin on POST/PUT/PATCH/DELETE; a request without it (or from elsewhere) is refused.
 */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  const allowed = new Set([new URL(publicUrl).origin]);
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (host) {
    const proto = headers.get("x-forwarded-proto") ?? (secureCookies ? "https" : "http");
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(origin);
}
