import "server-only";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

let cached: string | undefined;

/**
 * The key next-auth encrypts its cookies with. AUTH_SECRET when set (required with DATABASE_URL,
 * where several web instances must share it); in embedded mode a random key generated once into
 * the data folder, readable by its owner only, so no installation ever runs on a default secret.
 */
export function authSecret(): string {
  if (cached) return cached;
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  if (env.DATABASE_URL) {
    throw new Error(
      "AUTH_SECRET is required with DATABASE_URL: set it to a random value of 32+ characters (openssl rand -base64 32), the same on every web instance.",
    );
  }
  const file = path.join(env.POSTURE_DATA_DIR, "auth-secret");
  mkdirSync(env.POSTURE_DATA_DIR, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    chmodSync(file, 0o600); // Kept from before, perhaps with a looser mode.
  }
  return (cached = readFileSync(file, "utf8").trim());
}
