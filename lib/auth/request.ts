import { env, publicUrl } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, frontIsServing, normalizeAddress } from "./client-address";

export { secureCookies, SESSION_COOKIE } from "./cookies";

/**
 * The client address (a valid IP, or null) as scripts/serve.ts worked it out from the socket. Under
 * `next dev` or `next start` only X-Forwarded-For is known, which a client can forge: read from the
 * right, AUTH_TRUSTED_PROXIES entries in (at least one; Next.js fills it when a client sent none).
 */
export function clientIp(headers: Headers, trustedProxies = env.AUTH_TRUSTED_PROXIES): string | null {
  if (frontIsServing()) return normalizeAddress(headers.get(CLIENT_ADDRESS_HEADER));
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return normalizeAddress(hops.at(-Math.max(1, trustedProxies)) ?? hops[0]);
}

const publicOrigin = new URL(publicUrl).origin;

/**
 * CSRF defence for every mutation: Origin must be the public origin (AUTH_URL), never whatever Host
 * or X-Forwarded-Host the sender chose (issue 16). Browsers send Origin on every mutating method.
 */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  return headers.get("origin") === publicOrigin;
}
