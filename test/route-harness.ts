// Route handlers as Next.js calls them, in integration tests: `next/headers` answers with `ctx`'s
// session cookie and headers, `@/lib/db` with `ctx.db`. Import it before the routes under test.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { vi } from "vitest";
import { sessionPolicy } from "@/lib/auth/policy";
import { hashToken, newSessionToken } from "@/lib/auth/tokens";
import { createSession } from "@/lib/db/queries/sessions";
import { users } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";

vi.hoisted(() => {
  process.env.AUTH_SECRET = "integration-test-secret-of-at-least-32-characters";
});
export const ctx = {
  cookie: null as string | null,
  headers: new Headers(),
  db: null as unknown,
  mode: "postgres" as "postgres" | "embedded",
};
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (ctx.cookie && name === "next-auth.session-token" ? { name, value: ctx.cookie } : undefined),
  }),
  headers: async () => ctx.headers,
}));
vi.mock("@/lib/db", () => ({
  getDatabase: async () => ({ db: ctx.db, mode: ctx.mode }),
  getDb: async () => ctx.db,
}));

/** Signs `userId` in through a real session row; later requests carry its cookie. */
export async function signInAs(db: Db, userId: string, now = new Date()): Promise<void> {
  const token = newSessionToken();
  await createSession(db, { userId, tokenHash: hashToken(token), now, policy: sessionPolicy });
  ctx.cookie = await encode({ token: { sid: token }, secret: process.env.AUTH_SECRET! });
}

/** A new user with `role` (a unique example.com address), signed in. */
export async function signInNewUser(db: Db, role: "admin" | "triager" | "viewer") {
  const [user] = await db
    .insert(users)
    .values({ email: `${role}-${randomUUID().slice(0, 8)}@example.com`, role })
    .returning();
  await signInAs(db, user!.id);
  return user!;
}
