import type { CookiesOptions } from "next-auth";
import { publicUrl } from "@/lib/env";

/** The cookies are Secure when the dashboard is served over https, and then `__Host-` prefixed. */
export const secureCookies = publicUrl.startsWith("https://");

/**
 * next-auth's cookies, named by us. Over https each is `__Host-`: the browser then accepts it only
 * from this exact host, over https, for path "/" and without a Domain, so a neighbouring subdomain
 * cannot plant a session or callback cookie (next-auth's defaults are `__Secure-` but for CSRF).
 */
export function authCookies(secure: boolean): CookiesOptions {
  const prefix = secure ? "__Host-" : "";
  const options = { httpOnly: true, sameSite: "lax", path: "/", secure } as const;
  const flow = { ...options, maxAge: 15 * 60 };
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${prefix}next-auth.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: flow },
    state: { name: `${prefix}next-auth.state`, options: flow },
    nonce: { name: `${prefix}next-auth.nonce`, options },
  };
}

export const SESSION_COOKIE = authCookies(secureCookies).sessionToken.name;
