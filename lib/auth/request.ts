import { env, publicUrl } from "@/lib/env";

/**
 * The client address for rate limits, the audit log and the sessions page, AUTH_TRUSTED_PROXIES hops from
 * the right of X-Forwarded-For: each proxy appends what it saw (Next.js fills it from the socket when absent)
 * and a client's own entries sit on the left. Without a proxy the client controls it (docs/security.md).
 */
export function clientIp(headers: Headers, trustedProxies = env.AUTH_TRUSTED_PROXIES): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.at(-trustedProxies) ?? hops[0] ?? null;
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
