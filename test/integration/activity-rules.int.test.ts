import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ctx, signInNewUser } from "../route-harness";

// The risky-activity rules setting through its real route handler (admins only, validated, audited in
// the same transaction), and the activity watch's recording path honouring it: a disabled rule makes
// no finding, a changed severity is the finding's severity.

const { PUT: saveRules } = await import("@/app/api/settings/activity-rules/route");
const { recordAccountActivity } = await import("@/lib/collector/activity");
const { openDatabase } = await import("@/lib/db/open");
const { getSetting } = await import("@/lib/db/queries/settings");
const { loadActivityRuleSettings, ACTIVITY_RULES_KEY } = await import("@/lib/settings/activity-rules");
const s = await import("@/lib/db/schema");
const { createAccount, createOrganization, randomAccountId } = await import("../factories");

type Handle = Awaited<ReturnType<typeof openDatabase>>;
let handle: Handle;
const ORIGIN = "http://127.0.0.1:3000";

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  ctx.db = handle.db;
});
afterAll(async () => {
  await handle.close();
});

const signIn = (role: "admin" | "triager" | "viewer") => signInNewUser(handle.db, role);

function put(body: unknown) {
  ctx.headers = new Headers({ host: "127.0.0.1:3000", origin: ORIGIN });
  return saveRules(
    new Request(`${ORIGIN}/api/settings/activity-rules`, {
      method: "PUT",
      headers: ctx.headers,
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

const event = (accountId: string, id: string, name: string, source: string, params: Record<string, unknown>) => ({
  id,
  time: new Date(Date.now() - 600_000),
  name,
  source,
  region: "eu-west-1",
  accountId,
  userName: "mallory",
  principalArn: `arn:aws:iam::${accountId}:user/mallory`,
  principalType: "IAMUser",
  sourceIp: "203.0.113.5",
  userAgent: "aws-cli/2",
  requestParameters: params,
});

describe("activity rules setting", () => {
  it("refuses non-admins and unknown rules, saves and audits an admin's change", async () => {
    await signIn("triager");
    expect((await put({ ses_new_caller: { enabled: false } })).status).toBe(403);

    const admin = await signIn("admin");
    expect((await put({ no_such_rule: { enabled: false } })).status).toBe(422);
    const bad = await put({ ses_new_caller: { enabled: "no" } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("must be true or false");

    const ok = await put({
      ec2_security_group_opened_to_world: { enabled: false },
      cloudtrail_trail_tampered: { enabled: true, severity: "critical" },
    });
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as { rules: { id: string; enabled: boolean; severity: string }[] };
    expect(answer.rules.find((r) => r.id === "ec2_security_group_opened_to_world")).toMatchObject({ enabled: false });
    expect(answer.rules.find((r) => r.id === "iam_credentials_created")).toMatchObject({
      enabled: true,
      severity: "medium",
    });
    expect(await getSetting(handle.db, ACTIVITY_RULES_KEY)).toEqual({
      ec2_security_group_opened_to_world: { enabled: false },
      cloudtrail_trail_tampered: { enabled: true, severity: "critical" },
    });
    const audit = await handle.db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.actorId, admin.id), eq(s.auditLog.action, "settings.activity_rules_update")));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).toContain("ec2_security_group_opened_to_world");
  });

  it("a disabled rule makes no finding; a changed severity is the finding's", async () => {
    const org = await createOrganization(handle.db);
    const accountId = randomAccountId();
    await createAccount(handle.db, org.id, { id: accountId, environment: "prod" });
    const rules = await loadActivityRuleSettings(handle.db);
    expect(rules.ec2_security_group_opened_to_world).toEqual({ enabled: false });

    const out = await recordAccountActivity(handle.db, {
      accountId,
      events: [
        event(accountId, `sg-${accountId}`, "AuthorizeSecurityGroupIngress", "ec2.amazonaws.com", {
          ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] },
        }),
        event(accountId, `stop-${accountId}`, "StopLogging", "cloudtrail.amazonaws.com", { name: "main" }),
      ],
      unusedRegions: [],
      rules,
      now: new Date(),
    });
    expect(out).toEqual({ stored: 2, findings: 1 });
    const found = await handle.db.select().from(s.findings).where(eq(s.findings.accountId, accountId));
    expect(found.map((f) => [f.checkId, f.severity])).toEqual([["cloudtrail_trail_tampered", "critical"]]);

    // The same security group event with the rule back on at its default is a finding.
    const again = await recordAccountActivity(handle.db, {
      accountId,
      events: [
        event(accountId, `sg2-${accountId}`, "AuthorizeSecurityGroupIngress", "ec2.amazonaws.com", {
          ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] },
        }),
      ],
      unusedRegions: [],
      rules: {},
      now: new Date(),
    });
    expect(again.findings).toBe(1);
  });
});
