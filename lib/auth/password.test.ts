import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from "./password";

const ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/** Replaces one "$"-separated part of a stored hash. */
function withPart(stored: string, index: number, value: string): string {
  const parts = stored.split("$");
  parts[index] = value;
  return parts.join("$");
}

describe("hashPassword / verifyPassword", () => {
  it("verifies the password it hashed, and only that one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores the scheme, its parameters, a salt and a 64-byte key, never the password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const [scheme, n, r, p, salt, key, ...rest] = stored.split("$");
    expect([scheme, n, r, p]).toEqual(["scrypt", String(2 ** 15), "8", "1"]);
    expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
    expect(Buffer.from(key!, "base64url")).toHaveLength(64);
    expect(rest).toEqual([]);
    expect(stored).not.toContain("horse");
  });

  it("salts every hash, so the same password never hashes the same twice", async () => {
    const [a, b] = await Promise.all([hashPassword("same password 123"), hashPassword("same password 123")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password 123", a)).toBe(true);
    expect(await verifyPassword("same password 123", b)).toBe(true);
  });

  it("normalizes Unicode, so a composed and a decomposed é are the same password", async () => {
    const stored = await hashPassword("caf\u00e9 au lait 42");
    expect(await verifyPassword("cafe\u0301 au lait 42", stored)).toBe(true);
  });

  it("refuses a hash whose key, salt or parameters were tampered with", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const key = stored.split("$")[5]!;
    const flipped = Buffer.from(key, "base64url");
    flipped[0] = flipped[0]! ^ 0xff;
    expect(
      await verifyPassword("correct horse battery staple", withPart(stored, 5, flipped.toString("base64url"))),
    ).toBe(false);
    expect(
      await verifyPassword(
        "correct horse battery staple",
        withPart(stored, 4, Buffer.alloc(16, 7).toString("base64url")),
      ),
    ).toBe(false);
    expect(await verifyPassword("correct horse battery staple", withPart(stored, 2, "4"))).toBe(false);
    expect(await verifyPassword("correct horse battery staple", withPart(stored, 3, "2"))).toBe(false);
    // A truncated key is compared at its own length: a wrong password still fails it.
    expect(await verifyPassword("wrong password", withPart(stored, 5, key.slice(0, 8)))).toBe(false);
  });

  it("refuses malformed stored values", async () => {
    const stored = await hashPassword("correct horse battery staple");
    for (const bad of [
      "",
      "plaintext",
      stored.replace(/^scrypt/, "bcrypt"),
      stored.split("$").slice(0, 5).join("$"),
      withPart(stored, 4, ""),
      withPart(stored, 5, ""),
      withPart(stored, 1, ""),
    ]) {
      expect(await verifyPassword("correct horse battery staple", bad), bad).toBe(false);
    }
  });

  // BUG (lib/auth/password.ts): a key part that decodes to zero bytes ("!!!", "=") makes scrypt
  // derive an empty key, and timingSafeEqual(empty, empty) is true: ANY password verifies.
  // Remove `.fails` once verifyPassword refuses short keys.
  it("refuses a stored key that decodes to nothing, whatever the password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("anything at all", withPart(stored, 5, "!!!"))).toBe(false);
  });

  // Same bug, milder: scrypt's output for a shorter length is a prefix of the longer one, so a key
  // cut to a few bytes still verifies (and a 1-byte key lets 1 wrong password in 256 through).
  // A fixed verifyPassword refuses keys shorter than the 64 bytes hashPassword writes.
  it("refuses a stored key shorter than the key length hashPassword writes", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const key = stored.split("$")[5]!;
    expect(await verifyPassword("correct horse battery staple", withPart(stored, 5, key.slice(0, 8)))).toBe(false);
  });

  // BUG (lib/auth/password.ts): parameters scrypt rejects (N not a power of two, NaN, beyond
  // maxmem) make verifyPassword throw instead of answering false. Remove `.fails` once it catches.
  it("answers false, rather than throwing, for parameters scrypt refuses", async () => {
    const stored = await hashPassword("correct horse battery staple");
    for (const n of ["abc", "1000", String(2 ** 30)]) {
      await expect(verifyPassword("correct horse battery staple", withPart(stored, 1, n))).resolves.toBe(false);
    }
  });
});

describe("generatePassword", () => {
  it("is 24 characters by default, or the length asked for", () => {
    expect(generatePassword()).toHaveLength(24);
    expect(generatePassword(40)).toHaveLength(40);
    expect(generatePassword(1)).toHaveLength(1);
  });

  it("uses only the unambiguous alphabet (no 0, O, 1, l, I)", () => {
    const sample = Array.from({ length: 200 }, () => generatePassword()).join("");
    expect(sample).toMatch(/^[2-9a-km-zA-HJ-NP-Z]+$/);
    expect(sample).not.toMatch(/[0O1lI]/);
    // Over 4,800 characters every one of the 56 symbols shows up.
    expect(new Set(sample).size).toBe(ALPHABET.length);
  });

  it("never repeats across many draws", () => {
    const drawn = new Set(Array.from({ length: 2000 }, () => generatePassword()));
    expect(drawn.size).toBe(2000);
  });

  it("passes the rules a new password must follow", () => {
    for (let i = 0; i < 50; i++) expect(passwordProblem(generatePassword(), "admin")).toBeNull();
  });
});

describe("passwordProblem", () => {
  it("accepts a long, varied password", () => {
    expect(passwordProblem("violet-otter-42-lantern", "admin")).toBeNull();
  });

  it("refuses passwords shorter than the minimum, and accepts the minimum", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem("abcdefghijk", "admin")).toBe("must be at least 12 characters");
    expect(passwordProblem("abcdefghijkm", "admin")).toBeNull();
  });

  it("refuses passwords longer than 256 characters", () => {
    const long = ALPHABET.repeat(5);
    expect(passwordProblem(long.slice(0, 256), "admin")).toBeNull();
    expect(passwordProblem(long.slice(0, 257), "admin")).toBe("must be at most 256 characters");
  });

  it("refuses a password containing the user name, in any case", () => {
    expect(passwordProblem("my-Admin-password-7", "admin")).toBe("must not contain the user name");
    expect(passwordProblem("my-admin-password-7", "ADMIN")).toBe("must not contain the user name");
  });

  it("refuses repetitive passwords (fewer than 5 distinct characters)", () => {
    expect(passwordProblem("abababababababab", "admin")).toBe("is too repetitive");
    expect(passwordProblem("abcdabcdabcdabcd", "admin")).toBe("is too repetitive");
    expect(passwordProblem("abcdeabcdeabcde", "admin")).toBeNull();
  });
});
