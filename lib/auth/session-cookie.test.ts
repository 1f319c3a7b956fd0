import { describe, expect, it, vi } from "vitest";
import { createCookieDecoder } from "./session-cookie";

describe("session cookie decoder", () => {
  it("decrypts a cookie once and answers its token from memory until the cookie expires", async () => {
    let now = 1_000_000;
    const decrypt = vi.fn(async (raw: string) => ({ sid: `sid-of-${raw}`, exp: 1_060 }));
    const decode = createCookieDecoder(decrypt, { now: () => now });
    expect(await decode("a")).toBe("sid-of-a");
    expect(await decode("a")).toBe("sid-of-a");
    expect(decrypt).toHaveBeenCalledTimes(1);
    now = 1_060_000 + 16_000; // Past expiry and next-auth's 15 s tolerance: decrypted again.
    decrypt.mockRejectedValueOnce(new Error("expired"));
    expect(await decode("a")).toBeNull();
    expect(decrypt).toHaveBeenCalledTimes(2);
  });

  it("remembers nothing that failed to decrypt or carries no token", async () => {
    const decrypt = vi.fn(async (raw: string) => {
      if (raw === "tampered") throw new Error("bad tag");
      return raw === "empty" ? { exp: 9_999_999_999 } : null;
    });
    const decode = createCookieDecoder(decrypt);
    for (let i = 0; i < 2; i++) {
      expect(await decode("tampered")).toBeNull();
      expect(await decode("empty")).toBeNull();
      expect(await decode("null")).toBeNull();
    }
    expect(decrypt).toHaveBeenCalledTimes(6);
  });

  it("keeps at most `max` cookies, forgetting the oldest", async () => {
    const decrypt = vi.fn(async (raw: string) => ({ sid: raw, exp: 9_999_999_999 }));
    const decode = createCookieDecoder(decrypt, { max: 2 });
    await decode("a");
    await decode("b");
    await decode("c");
    await decode("c");
    await decode("b");
    expect(decrypt).toHaveBeenCalledTimes(3);
    await decode("a");
    expect(decrypt).toHaveBeenCalledTimes(4);
  });
});
