import { describe, expect, it } from "vitest";
import { addressKey, normalizeAddress, resolveClientAddress } from "./client-address";

describe("normalizeAddress", () => {
  it("keeps valid IPv4 and IPv6 addresses, in one spelling", () => {
    expect(normalizeAddress("198.51.100.20")).toBe("198.51.100.20");
    expect(normalizeAddress(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:198.51.100.20")).toBe("198.51.100.20");
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("198.51.100.20:5123")).toBe("198.51.100.20");
  });

  it("refuses anything else, whatever its length", () => {
    for (const raw of [
      "",
      null,
      undefined,
      "unknown",
      "a".repeat(15_000),
      "198.51.100.256",
      "198.51.100",
      "1.2.3.4, 5.6.7.8",
      "<script>alert(1)</script>",
      "' or 1=1 --",
      "\u0000",
      "::1\r\nX-Injected: 1",
    ]) {
      expect(normalizeAddress(raw), JSON.stringify(raw)).toBeNull();
    }
  });
});

describe("resolveClientAddress", () => {
  it("with no trusted proxy, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress({ forwardedFor: "203.0.113.7", peer: "198.51.100.20", trustedProxies: 0 })).toBe(
      "198.51.100.20",
    );
  });

  it("behind N proxies, is the entry N from the right of [...X-Forwarded-For, peer]", () => {
    // A client sent "203.0.113.7"; the proxy (10.0.0.1) appended the address it saw.
    const forwardedFor = "203.0.113.7, 198.51.100.20";
    expect(resolveClientAddress({ forwardedFor, peer: "10.0.0.1", trustedProxies: 1 })).toBe("198.51.100.20");
    expect(
      resolveClientAddress({
        forwardedFor: "203.0.113.7, 198.51.100.20, 10.0.0.2",
        peer: "10.0.0.1",
        trustedProxies: 2,
      }),
    ).toBe("198.51.100.20");
    // Fewer hops than proxies: the leftmost, which a trusted hop wrote.
    expect(resolveClientAddress({ forwardedFor: null, peer: "10.0.0.1", trustedProxies: 1 })).toBe("10.0.0.1");
  });

  it("gives null rather than a forged value that is not an address", () => {
    expect(resolveClientAddress({ forwardedFor: "x".repeat(15_000), peer: "10.0.0.1", trustedProxies: 1 })).toBeNull();
  });
});

describe("addressKey", () => {
  it("counts an IPv6 host by its /64 and an IPv4 host by itself", () => {
    expect(addressKey("198.51.100.20")).toBe("198.51.100.20");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:0db8:0001:0002::/64");
    expect(addressKey("::1")).toBe("0000:0000:0000:0000::/64");
    expect(addressKey("64:ff9b::198.51.100.20")).toBe("0064:ff9b:0000:0000::/64");
    expect(addressKey(null)).toBe("unknown");
  });
});
