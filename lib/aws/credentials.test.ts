import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { AssumeRoleError, assumeAuditRole, roleArnFor } from "./credentials";

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const ROLE = roleArnFor("111122223333", "PostureAuditRole");

function issue(expiresAt: number, n: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${n}`,
      SecretAccessKey: `secret-${n}`,
      SessionToken: `token-${n}`,
      Expiration: new Date(expiresAt),
    },
  };
}

describe("assumeAuditRole", () => {
  it("assumes with the ExternalId and a session name, once for concurrent callers", async () => {
    sts.on(AssumeRoleCommand).resolves(issue(Date.now() + 3600_000, 1));
    const creds = assumeAuditRole({
      sts: new STSClient({ region: "us-east-1" }),
      roleArn: ROLE,
      externalId: "ext-123",
      sessionName: "posture-abc",
    });
    const all = await Promise.all([creds(), creds(), creds()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(["ASIA1", "ASIA1", "ASIA1"]);
    expect(creds.assumeCount()).toBe(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: "arn:aws:iam::111122223333:role/PostureAuditRole",
      ExternalId: "ext-123",
      RoleSessionName: "posture-abc",
      DurationSeconds: 3600,
    });
  });

  it("renews a session before it expires, mid-run", async () => {
    let clock = 1_000_000;
    let n = 0;
    sts.on(AssumeRoleCommand).callsFake(() => issue(clock + 60 * 60_000, ++n));
    const creds = assumeAuditRole({
      sts: new STSClient({ region: "us-east-1" }),
      roleArn: ROLE,
      sessionName: "s",
      now: () => clock,
    });
    expect((await creds()).accessKeyId).toBe("ASIA1");
    clock += 50 * 60_000; // 10 minutes left: still used
    expect((await creds()).accessKeyId).toBe("ASIA1");
    clock += 6 * 60_000; // 4 minutes left: inside the renewal margin
    expect((await creds()).accessKeyId).toBe("ASIA2");
    expect(creds.assumeCount()).toBe(2);
  });

  it("turns AccessDenied on AssumeRole into RoleMissing, with the role in the message", async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error("User: arn:aws:iam::1:user/hub is not authorized to perform: sts:AssumeRole"), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const creds = assumeAuditRole({ sts: new STSClient({ region: "us-east-1" }), roleArn: ROLE, sessionName: "s" });
    const err = await creds().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssumeRoleError);
    expect(err).toMatchObject({ code: "RoleMissing", retryable: false });
    expect((err as Error).message).toContain(ROLE);
    // The secret half never appears in errors.
    expect((err as Error).message).not.toMatch(/secret/);
  });

  it("lets a failed attempt be retried by the next caller", async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }))
      .resolves(issue(Date.now() + 3600_000, 7));
    const creds = assumeAuditRole({ sts: new STSClient({ region: "us-east-1" }), roleArn: ROLE, sessionName: "s" });
    await expect(creds()).rejects.toMatchObject({ code: "Throttled", retryable: true });
    expect((await creds()).accessKeyId).toBe("ASIA7");
  });
});
