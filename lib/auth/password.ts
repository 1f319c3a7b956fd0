import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt with N=2^15, r=8, p=1 (OWASP's floor for scrypt), 64-byte key; the parameters travel with
// the hash so they can be raised later without invalidating stored hashes.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const MAX_MEM = 128 * PARAMS.N * PARAMS.r * 2;

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, length, { ...options, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$key", base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS, KEY_LENGTH);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key || rest.length > 0) return false;
  const expected = Buffer.from(key, "base64url");
  // A short or empty key would compare equal to a prefix of any derivation: only full-length keys count.
  if (expected.length !== KEY_LENGTH) return false;
  try {
    const actual = await derive(
      password,
      Buffer.from(salt, "base64url"),
      { N: Number(n), r: Number(r), p: Number(p) },
      expected.length,
    );
    return timingSafeEqual(actual, expected);
  } catch {
    return false; // Parameters scrypt refuses, or beyond maxmem: not a hash this code wrote.
  }
}

// No 0/O/1/l/I: the password is read off a terminal and typed by hand.
const ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/** 24 characters from a 56-symbol alphabet: about 139 bits. */
export function generatePassword(length = 24): string {
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps the distribution uniform.
      if (byte < 256 - (256 % ALPHABET.length) && out.length < length) out.push(ALPHABET[byte % ALPHABET.length]!);
    }
  }
  return out.join("");
}

export const MIN_PASSWORD_LENGTH = 12;

/** Why a new password is refused, or null. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return "must be at most 256 characters";
  if (password.toLowerCase().includes(username.toLowerCase())) return "must not contain the user name";
  if (new Set(password).size < 5) return "is too repetitive";
  return null;
}
