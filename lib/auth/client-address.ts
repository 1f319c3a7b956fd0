import { isIP } from "node:net";

/**
 * The header through which the front server (scripts/serve.ts) hands the app the client address it
 * worked out from the socket and the trusted proxies. It removes any copy a client sent, and the
 * app reads it only when that server is the one serving (`frontIsServing`).
 */
export const CLIENT_ADDRESS_HEADER = "x-posture-client-address";

const FRONT = Symbol.for("posture.front-server");

/** Called by the front server when it starts: from then on CLIENT_ADDRESS_HEADER is its word. */
export function markFrontServing(): void {
  (globalThis as Record<symbol, unknown>)[FRONT] = true;
}

export function frontIsServing(): boolean {
  return (globalThis as Record<symbol, unknown>)[FRONT] === true;
}

/**
 * An address as the audit log stores it and the rate limits count it: a valid IPv4 or IPv6
 * address (a port or brackets removed, IPv4-mapped IPv6 written as IPv4), or null for anything
 * else, so a header cannot put arbitrary text in either (issue 16: 15 KB X-Forwarded-For values).
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  if (value.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (withPort) value = withPort[1]!;
  const kind = isIP(value);
  if (kind === 4) return value;
  if (kind !== 6) return null;
  value = value.toLowerCase();
  return /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value)?.[1] ?? value;
}

/**
 * The client's address: each proxy appends the address it saw, so the client sits `trustedProxies`
 * entries from the right of [...X-Forwarded-For, peer]; with none, the header is not read at all.
 */
export function resolveClientAddress(input: {
  forwardedFor: string | null | undefined;
  peer: string | null | undefined;
  trustedProxies: number;
}): string | null {
  const forwarded = input.trustedProxies > 0 ? (input.forwardedFor ?? "").split(",").map((h) => h.trim()) : [];
  const chain = [...forwarded, input.peer ?? ""].filter(Boolean);
  return normalizeAddress(chain.at(-1 - input.trustedProxies) ?? chain[0]);
}

/** The rate limits' key for an address: IPv6 by /64 (one host commonly holds a whole /64). */
export function addressKey(address: string | null): string {
  if (!address) return "unknown";
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without "::" or an embedded IPv4 tail. */
function expandIpv6(address: string): string[] {
  let text = address.split("%")[0]!;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((g) => g.padStart(4, "0"));
}
