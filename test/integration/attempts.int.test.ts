import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptLocalSignIn,
  checkCurrentPassword,
  createSignInLimits,
  ATTEMPT_WINDOW_MS,
  type SignInAttempt,
} from "@/lib/auth/attempts";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { FailureLimiter } from "@/lib/auth/rate-limit";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { createLocalAdmin, LOCAL_ADMIN } from "@/lib/db/queries/users";

// The sign-in and password-change limits under concurrency, against a real database and real
// scrypt (issue 16: 200 simultaneous wrong passwords for admin, 160 of them verified).

const LIMIT = 10;
const PASSWORD = "the-admins-real-password";
let handle: DatabaseHandle;
let storedHash: string;

beforeAll(async () => {
  handle = await openDatabase({ dataDir: "memory://" });
  storedHash = await hashPassword(PASSWORD);
  expect(await createLocalAdmin(handle.db, storedHash)).toBe(true);
});

afterAll(async () => {
  await handle.close();
});

/** verifyPassword, counting the hashes it was asked to check. */
function countingVerify() {
  const hashes: string[] = [];
  const verify = (password: string, hash: string) => {
    hashes.push(hash);
    return verifyPassword(password, hash);
  };
  return { verify, hashes };
}

/** A clock the test moves by hand. */
function clock() {
  const c = { now: Date.now() };
  return { now: () => c.now, advance: (ms: number) => void (c.now += ms) };
}

describe("local sign-in limits", () => {
  it("verifies at most the limit when many wrong passwords arrive at once from one address", async () => {
    const limits = createSignInLimits(LIMIT);
    const { verify, hashes } = countingVerify();
    const attempt: SignInAttempt = { username: LOCAL_ADMIN, password: "wrong", ip: "198.51.100.7" };
    const results = await Promise.all(
      Array.from({ length: 200 }, () => attemptLocalSignIn(handle.db, attempt, limits, verify)),
    );
    expect(hashes.length).toBeLessThanOrEqual(LIMIT);
    expect(results.filter((r) => r.outcome === "wrong")).toHaveLength(hashes.length);
    expect(results.filter((r) => r.outcome === "rate-limited")).toHaveLength(200 - hashes.length);
    // One refusal per address is worth an audit entry, not 190.
    expect(results.filter((r) => r.outcome === "rate-limited" && r.firstRefusal)).toHaveLength(1);
    // Locked out, the right password from that address is refused too, without being checked.
    const right = await attemptLocalSignIn(handle.db, { ...attempt, password: PASSWORD }, limits, verify);
    expect(right.outcome).toBe("rate-limited");
    expect(hashes.length).toBeLessThanOrEqual(LIMIT);
  });

  it("counts an IPv6 host by its /64: rotating addresses inside it does not buy more guesses", async () => {
    const limits = createSignInLimits(LIMIT);
    const { verify, hashes } = countingVerify();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        attemptLocalSignIn(
          handle.db,
          { username: LOCAL_ADMIN, password: "wrong", ip: `2001:db8:7:7::${(i + 1).toString(16)}` },
          limits,
          verify,
        ),
      ),
    );
    expect(hashes.length).toBe(LIMIT);
    expect(results.filter((r) => r.outcome === "rate-limited")).toHaveLength(50 - LIMIT);
  });

  it("cannot be used to lock the local admin out: a clean address with the right password gets in", async () => {
    const LIMIT = 3;
    const limits = createSignInLimits(LIMIT);
    const { verify, hashes } = countingVerify();
    // Attackers from many addresses fail the admin's user name past its limit…
    await Promise.all(
      Array.from({ length: 3 * LIMIT }, (_, i) =>
        attemptLocalSignIn(
          handle.db,
          { username: LOCAL_ADMIN, password: "guess", ip: `203.0.113.${i + 1}` },
          limits,
          verify,
        ),
      ),
    );
    expect(limits.byUser.retryAfter(LOCAL_ADMIN)).toBeGreaterThan(0);
    // …and each of those addresses has spent its one guess while the user is locked.
    const again = await attemptLocalSignIn(
      handle.db,
      { username: LOCAL_ADMIN, password: "guess", ip: "203.0.113.1" },
      limits,
      verify,
    );
    expect(again.outcome).toBe("rate-limited");
    // The admin, from an address without failures, still signs in.
    const admin = await attemptLocalSignIn(
      handle.db,
      { username: LOCAL_ADMIN, password: PASSWORD, ip: "192.0.2.10" },
      limits,
      verify,
    );
    expect(admin.outcome).toBe("success");
    expect(hashes.length).toBe(3 * LIMIT + 1);
  });

  it("gives a locked user name one guess per fresh address, however many arrive at once", async () => {
    const LIMIT = 3;
    const limits = createSignInLimits(LIMIT);
    const { verify, hashes } = countingVerify();
    for (let i = 0; i < LIMIT; i++)
      await attemptLocalSignIn(
        handle.db,
        { username: LOCAL_ADMIN, password: "x", ip: `198.18.0.${i + 1}` },
        limits,
        verify,
      );
    hashes.length = 0;
    // 8 fresh addresses, 25 simultaneous attempts each.
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        attemptLocalSignIn(
          handle.db,
          { username: LOCAL_ADMIN, password: "x", ip: `198.18.1.${(i % 8) + 1}` },
          limits,
          verify,
        ),
      ),
    );
    expect(hashes.length).toBe(8);
    expect(results.filter((r) => r.outcome === "rate-limited")).toHaveLength(192);
  });

  it("lets an address try again once its failures leave the window", async () => {
    const c = clock();
    const limits = createSignInLimits(2, c.now);
    const attempt = { username: LOCAL_ADMIN, password: "wrong", ip: "198.51.100.99" };
    await attemptLocalSignIn(handle.db, attempt, limits);
    await attemptLocalSignIn(handle.db, attempt, limits);
    expect((await attemptLocalSignIn(handle.db, { ...attempt, password: PASSWORD }, limits)).outcome).toBe(
      "rate-limited",
    );
    c.advance(ATTEMPT_WINDOW_MS);
    expect((await attemptLocalSignIn(handle.db, { ...attempt, password: PASSWORD }, limits)).outcome).toBe("success");
  });

  it("does not count a success against the address or the user", async () => {
    const limits = createSignInLimits(2);
    for (let i = 0; i < 5; i++) {
      const result = await attemptLocalSignIn(
        handle.db,
        { username: LOCAL_ADMIN, password: PASSWORD, ip: "198.51.100.50" },
        limits,
      );
      expect(result.outcome).toBe("success");
    }
    expect(limits.byAddress.count("198.51.100.50")).toBe(0);
    expect(limits.byUser.count(LOCAL_ADMIN)).toBe(0);
  });

  it("verifies an unknown user name against a hash of the same cost, so timing does not tell it exists", async () => {
    const limits = createSignInLimits(LIMIT);
    const { verify, hashes } = countingVerify();
    const unknown = await attemptLocalSignIn(
      handle.db,
      { username: "nobody", password: PASSWORD, ip: "198.51.100.60" },
      limits,
      verify,
    );
    const known = await attemptLocalSignIn(
      handle.db,
      { username: LOCAL_ADMIN, password: "wrong", ip: "198.51.100.61" },
      limits,
      verify,
    );
    expect(unknown.outcome).toBe("wrong");
    expect(known.outcome).toBe("wrong");
    expect(hashes).toHaveLength(2);
    const cost = (hash: string) => hash.split("$").slice(0, 4).join("$");
    expect(hashes[0]).not.toBe(storedHash);
    expect(cost(hashes[0]!)).toBe(cost(storedHash));
    expect(hashes[1]).toBe(storedHash);
    // And it is counted like any failure: an unknown name is no way around the limit.
    expect(limits.byAddress.count("198.51.100.60")).toBe(1);
  });

  it("takes an attempt back when the database fails, so an outage does not lock anyone out", async () => {
    const limits = createSignInLimits(1);
    const broken = {
      select: () => {
        throw new Error("connection lost");
      },
    } as never;
    await expect(
      attemptLocalSignIn(broken, { username: LOCAL_ADMIN, password: PASSWORD, ip: "198.51.100.70" }, limits),
    ).rejects.toThrow();
    expect(limits.byAddress.count("198.51.100.70")).toBe(0);
  });
});

describe("password change limit", () => {
  it("verifies at most the limit when many wrong current passwords arrive at once", async () => {
    const limiter = new FailureLimiter(LIMIT, ATTEMPT_WINDOW_MS);
    const { verify, hashes } = countingVerify();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => checkCurrentPassword("user-1", "wrong", storedHash, limiter, verify)),
    );
    expect(hashes.length).toBe(LIMIT);
    expect(results.filter((r) => r === "wrong")).toHaveLength(LIMIT);
    expect(results.filter((r) => r === "rate-limited")).toHaveLength(100 - LIMIT);
    // The right password is refused too until the window passes; another user is not affected.
    expect(await checkCurrentPassword("user-1", PASSWORD, storedHash, limiter, verify)).toBe("rate-limited");
    expect(await checkCurrentPassword("user-2", PASSWORD, storedHash, limiter, verify)).toBe("ok");
    expect(limiter.count("user-2")).toBe(0);
  });
});
