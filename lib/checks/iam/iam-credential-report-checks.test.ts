import { describe, expect, it } from "vitest";
import { ctx } from "../fixtures";
import keyAge from "./iam-access-key-older-than-90d";
import consoleMfa from "./iam-console-user-without-mfa";
import unused from "./iam-credentials-unused-45d";
import rootUsed from "./iam-root-recently-used";
import multipleKeys from "./iam-user-multiple-active-keys";
import { daysAgo, key, report, reportUser, rootRow } from "./fixtures";

const run = (check: typeof rootUsed, ...entries: Parameters<typeof report>) =>
  check.evaluate(ctx({ iamCredentialReport: report(...entries) }));
const statuses = (results: ReturnType<typeof run>) =>
  Object.fromEntries(results.map((r) => [String(r.evidence.user ?? r.resourceId), r.status]));

describe("iam_root_recently_used", () => {
  it("fails when the root password was used within 90 days", () => {
    const [r] = run(rootUsed, rootRow({ passwordLastUsed: daysAgo(3) }));
    expect(r).toMatchObject({
      resourceId: "arn:aws:iam::111122223333:root",
      resourceType: "AWS::IAM::Root",
      status: "fail",
      evidence: { recentlyUsed: ["password"] },
    });
  });
  it("fails when a root access key was used recently", () => {
    expect(
      run(rootUsed, rootRow({ accessKeys: [key({ lastUsed: null }), key({ lastUsed: daysAgo(89) })] }))[0],
    ).toMatchObject({ status: "fail", evidence: { recentlyUsed: ["access_key_2"] } });
  });
  it("passes when root was last used more than 90 days ago or never", () => {
    expect(
      run(rootUsed, rootRow({ passwordLastUsed: daysAgo(120) }), reportUser("alice", { passwordLastUsed: daysAgo(1) })),
    ).toEqual([expect.objectContaining({ status: "pass", evidence: expect.objectContaining({ recentlyUsed: [] }) })]);
    expect(run(rootUsed, rootRow())[0]?.status).toBe("pass");
  });
  it("has nothing to say without a root row (moto's report)", () => {
    expect(run(rootUsed, reportUser("alice"))).toEqual([]);
  });
});

describe("iam_console_user_without_mfa", () => {
  it("fails console users without MFA, passes those with it, and skips users without a password", () => {
    const results = run(
      consoleMfa,
      rootRow({ mfaActive: false }),
      reportUser("nomfa", { passwordEnabled: true, mfaActive: false }),
      reportUser("mfa", { passwordEnabled: true, mfaActive: true }),
      reportUser("api", { passwordEnabled: false }),
    );
    expect(statuses(results)).toEqual({ nomfa: "fail", mfa: "pass", api: "not_applicable" });
    expect(results[0]).toMatchObject({
      resourceId: "arn:aws:iam::111122223333:user/nomfa",
      resourceType: "AWS::IAM::User",
    });
  });
});

describe("iam_access_key_older_than_90d", () => {
  it("fails an active key created more than 90 days ago, ignoring inactive old keys", () => {
    const results = run(
      keyAge,
      reportUser("old", { accessKeys: [key({ lastRotated: daysAgo(91) }), key({ lastRotated: daysAgo(5) })] }),
      reportUser("fresh", {
        accessKeys: [key({ lastRotated: daysAgo(90) }), key({ active: false, lastRotated: daysAgo(500) })],
      }),
      reportUser("nokeys"),
    );
    expect(statuses(results)).toEqual({ old: "fail", fresh: "pass", nokeys: "not_applicable" });
    expect(results[0]?.evidence.activeKeys).toEqual([
      { key: "access_key_1", createdAt: daysAgo(91).toISOString(), ageDays: 91 },
      { key: "access_key_2", createdAt: daysAgo(5).toISOString(), ageDays: 5 },
    ]);
  });
  it("does not pass a key whose creation date is unknown", () => {
    expect(
      run(keyAge, reportUser("x", { accessKeys: [key({ lastRotated: null }), key({ active: false })] }))[0]?.status,
    ).toBe("not_applicable");
  });
});

describe("iam_credentials_unused_45d", () => {
  it("fails a password or active key idle for 45 days or more", () => {
    const results = run(
      unused,
      reportUser("oldpw", { passwordEnabled: true, passwordLastUsed: daysAgo(45) }),
      reportUser("oldkey", { accessKeys: [key({ lastUsed: daysAgo(60) }), key({ active: false })] }),
      reportUser("active", {
        passwordEnabled: true,
        passwordLastUsed: daysAgo(2),
        accessKeys: [key({ lastUsed: daysAgo(44) }), key({ active: false, lastUsed: daysAgo(300) })],
      }),
      reportUser("nocreds"),
    );
    expect(statuses(results)).toEqual({ oldpw: "fail", oldkey: "fail", active: "pass", nocreds: "not_applicable" });
    expect(results[1]?.evidence.staleCredentials).toEqual(["access_key_1"]);
  });
  it("counts a never-used credential from when it was created", () => {
    const results = run(
      unused,
      reportUser("newpw", {
        passwordEnabled: true,
        passwordLastUsed: null,
        passwordLastChanged: daysAgo(10),
        userCreatedAt: daysAgo(400),
      }),
      reportUser("oldpw", {
        passwordEnabled: true,
        passwordLastUsed: null,
        passwordLastChanged: null,
        userCreatedAt: daysAgo(50),
      }),
      reportUser("newkey", { accessKeys: [key({ lastUsed: null, lastRotated: daysAgo(3) }), key({ active: false })] }),
      reportUser("oldkey", { accessKeys: [key({ lastUsed: null, lastRotated: daysAgo(46) }), key({ active: false })] }),
    );
    expect(statuses(results)).toEqual({ newpw: "pass", oldpw: "fail", newkey: "pass", oldkey: "fail" });
  });
});

describe("iam_user_multiple_active_keys", () => {
  it("fails two active keys, passes one, has nothing to judge with none", () => {
    const results = run(
      multipleKeys,
      reportUser("two", { accessKeys: [key(), key()] }),
      reportUser("one", { accessKeys: [key(), key({ active: false })] }),
      reportUser("none"),
    );
    expect(statuses(results)).toEqual({ two: "fail", one: "pass", none: "not_applicable" });
    expect(results[0]?.evidence.activeKeyCount).toBe(2);
  });
});
