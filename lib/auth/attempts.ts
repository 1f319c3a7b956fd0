import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/types";
import { findLocalAdmin, type User } from "@/lib/db/queries/users";
import { env } from "@/lib/env";
import { addressKey } from "./client-address";
import { hashPassword, verifyPassword } from "./password";
import { FailureLimiter } from "./rate-limit";

export const ATTEMPT_WINDOW_MS = 15 * 60_000;

/**
 * Failed local sign-ins per address (IPv6 by /64) and per user name; a locked user name still lets
 * in addresses without failures, so nobody can lock the local admin out (docs/security.md).
 */
export type SignInLimits = {
  byAddress: FailureLimiter;
  byUser: FailureLimiter;
  /** One audit entry per refused address per window, not one per refused request. */
  refusalsNoted: FailureLimiter;
};

export function createSignInLimits(limit: number, now: () => number = Date.now): SignInLimits {
  return {
    byAddress: new FailureLimiter(limit, ATTEMPT_WINDOW_MS, now),
    byUser: new FailureLimiter(limit, ATTEMPT_WINDOW_MS, now),
    refusalsNoted: new FailureLimiter(1, ATTEMPT_WINDOW_MS, now),
  };
}

type Limits = { signIn: SignInLimits; passwordChange: FailureLimiter };
// One set per server process, kept on globalThis so that every bundle of this module counts together.
const holder = globalThis as typeof globalThis & { __postureAttemptLimits?: Limits };

export function attemptLimits(): Limits {
  return (holder.__postureAttemptLimits ??= {
    signIn: createSignInLimits(env.AUTH_LOGIN_ATTEMPTS),
    passwordChange: new FailureLimiter(env.AUTH_LOGIN_ATTEMPTS, ATTEMPT_WINDOW_MS),
  });
}

// Verified when the user name is unknown, so that it costs what a known one does (issue 16: 9 ms
// against 112 ms told which user names exist). Nobody knows its password: it is never kept.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(32).toString("base64url")));

export type SignInResult =
  { outcome: "success"; user: User } | { outcome: "wrong" } | { outcome: "rate-limited"; firstRefusal: boolean };

export type SignInAttempt = { username: string; password: string; ip: string | null };

/** The local admin's credentials check, limited as SignInLimits says. */
export async function attemptLocalSignIn(
  db: Db,
  attempt: SignInAttempt,
  limits: SignInLimits = attemptLimits().signIn,
  verify: (password: string, hash: string) => Promise<boolean> = verifyPassword,
): Promise<SignInResult> {
  const address = addressKey(attempt.ip);
  const { byAddress, byUser, refusalsNoted } = limits;
  const userLocked = byUser.retryAfter(attempt.username) > 0 && byAddress.count(address) > 0;
  if (byAddress.retryAfter(address) > 0 || userLocked) {
    const firstRefusal = refusalsNoted.retryAfter(address) === 0;
    if (firstRefusal) refusalsNoted.fail(address);
    return { outcome: "rate-limited", firstRefusal };
  }
  // Counted now, before the first await: simultaneous attempts see each other.
  const releaseAddress = byAddress.begin(address);
  const releaseUser = byUser.begin(attempt.username);
  const release = () => (releaseAddress(), releaseUser());
  try {
    const user = await findLocalAdmin(db);
    const known = user?.passwordHash && attempt.username === user.email && !user.disabledAt ? user : undefined;
    const matches = await verify(attempt.password, known ? known.passwordHash! : await dummyHash());
    if (!known || !matches) return { outcome: "wrong" };
    release();
    return { outcome: "success", user: known };
  } catch (err) {
    release(); // The server failed, not the guess.
    throw err;
  }
}

/**
 * The current-password check of a password change, limited per user like sign-in: a stolen
 * session must not become a way to guess the password and keep the account.
 */
export async function checkCurrentPassword(
  userId: string,
  password: string,
  hash: string,
  limiter: FailureLimiter = attemptLimits().passwordChange,
  verify: (password: string, hash: string) => Promise<boolean> = verifyPassword,
): Promise<"ok" | "wrong" | "rate-limited"> {
  if (limiter.retryAfter(userId) > 0) return "rate-limited";
  const release = limiter.begin(userId);
  let matches: boolean;
  try {
    matches = await verify(password, hash);
  } catch (err) {
    release();
    throw err;
  }
  if (!matches) return "wrong";
  release();
  return "ok";
}
