import type { Db } from "@/lib/db/types";
import { audit } from "@/lib/db/queries/audit";
import { createLocalAdmin, findLocalAdmin, LOCAL_ADMIN } from "@/lib/db/queries/users";
import { env } from "@/lib/env";
import { generatePassword, hashPassword } from "./password";

/** The local admin exists for installations without SSO: embedded mode by default, or when asked for. */
export function localAdminEnabled(): boolean {
  return env.AUTH_LOCAL_ADMIN === "on" || (env.AUTH_LOCAL_ADMIN === "auto" && !env.DATABASE_URL);
}

/**
 * At first start, creates the local admin with a freshly generated one-time password and prints it
 * once to the console (never to the JSON log, never to the database: only its scrypt hash is kept).
 * The first sign-in must replace it. Returns the password when it created one, for the caller to print.
 */
export async function ensureLocalAdmin(db: Db): Promise<string | null> {
  if (!localAdminEnabled()) return null;
  if (await findLocalAdmin(db)) return null;
  const password = generatePassword();
  if (!(await createLocalAdmin(db, await hashPassword(password)))) return null; // Another process won the race.
  await audit(db, {
    action: "user.create",
    outcome: "success",
    target: { type: "user", id: LOCAL_ADMIN },
    details: { role: "admin", by: "first start" },
  });
  return password;
}

export function localAdminBanner(password: string, url: string): string {
  const lines = [
    "Posture: a local admin account was created for this installation.",
    `  Sign in at ${url}/signin`,
    `  User name: ${LOCAL_ADMIN}`,
    `  One-time password: ${password}`,
    "You will choose a new password at the first sign-in. This password is shown once and is not stored.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "=".repeat(width);
  return [rule, ...lines, rule].join("\n");
}
