import { publicUrl } from "@/lib/env";

const https = publicUrl.startsWith("https://");

/**
 * Scripts only from this origin or carrying the request's nonce ('strict-dynamic' lets those load
 * their chunks); no inline script, no eval outside development. Styles allow inline attributes:
 * the charts position their elements with style="" and React sets them at run time.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(development ? ["ws:"] : [])],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
  };
  const parts = Object.entries(directives).map(([k, v]) => `${k} ${v.join(" ")}`);
  if (https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** HSTS only over https: browsers ignore it on http, and it must never pin a plain-http install. */
export function hsts(protocol: string): string | null {
  return https || protocol === "https" ? "max-age=63072000; includeSubDomains" : null;
}
