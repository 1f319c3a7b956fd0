/** What the session cookie carries once decrypted: the session token (`sid`) and its expiry (seconds). */
export type CookiePayload = { sid?: unknown; exp?: unknown; [claim: string]: unknown };

/** next-auth's clock tolerance when it checks a cookie's expiry. */
const CLOCK_TOLERANCE_S = 15;

/**
 * Remembers the session token of the last `max` cookies seen, so a user's every request does not
 * derive the key (HKDF) and decrypt the same cookie again. A cookie is remembered only once it
 * decrypted, and only until its own expiry; the session itself is still checked in the database.
 */
export function createCookieDecoder(
  decrypt: (raw: string) => Promise<CookiePayload | null>,
  opts: { max?: number; now?: () => number } = {},
) {
  const max = opts.max ?? 2_000;
  const now = opts.now ?? Date.now;
  const known = new Map<string, { sid: string; expMs: number }>();
  return async (raw: string): Promise<string | null> => {
    const hit = known.get(raw);
    if (hit) {
      if (hit.expMs + CLOCK_TOLERANCE_S * 1000 > now()) return hit.sid;
      known.delete(raw);
    }
    let payload: CookiePayload | null;
    try {
      payload = await decrypt(raw);
    } catch {
      return null; // Tampered, or encrypted with another secret.
    }
    if (typeof payload?.sid !== "string") return null;
    if (typeof payload.exp === "number") {
      if (known.size >= max) known.delete(known.keys().next().value!);
      known.set(raw, { sid: payload.sid, expMs: payload.exp * 1000 });
    }
    return payload.sid;
  };
}
