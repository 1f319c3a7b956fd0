const MAX_LENGTH = 2048;

/**
 * Where to send someone after sign-in: somewhere on `origin`, as a path, or "/" when `raw` names
 * anything else. It is resolved as a browser would (tabs and newlines dropped, "\" read as "/"), so
 * "//x", "/\t/x", "/\x" and "https://x" all land on another origin and are refused.
 */
export function sameOriginPath(raw: unknown, origin: string): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return "/";
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The same, as the absolute URL next-auth's redirect callback must return. */
export function sameOriginUrl(raw: unknown, origin: string): string {
  return new URL(sameOriginPath(raw, origin), origin).href;
}
