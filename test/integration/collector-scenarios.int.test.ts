import { listAccountScores } from "@/lib/db/queries/overview";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { collectAccount } from "@/lib/collector/collect-account";
import { createCollectDeps } from "@/lib/collector/deps";
import { NoHubCredentialsError, RunInProgressError, runCollection, startRun } from "@/lib/collector/run";
import { SettingsInvalidError } from "@/lib/collector/settings";
import { markStuckRuns, registerUnits, touchRuns } from "@/lib/db/queries/collection";
import { RunHeartbeats } from "@/lib/collector/heartbeat";
import { DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { CHECK_SETTINGS_KEY, putSetting } from "@/lib/db/queries/settings";
import { createTestDatabase } from "../postgres";
import { defineCheck } from "@/lib/checks/types";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { defineOrgCheck } from "@/lib/checks/types";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { closedGroup, fakeOrganization, openSsh, type FakeAccount } from "../aws-fake";
import { randomAccountId } from "../factories";
import { until } from "../until";

// The engine is tested with the first checks only (IAM summary, S3 account block, SSH); the
// catalogue's own readers and checks have their own tests.
const ENGINE_CHECKS = [
  "iam_root_access_key_present",
  "iam_root_mfa_disabled",
  "s3_account_block_public_access_off",
  "sg_world_open_ssh",
];

let handle: DatabaseHandle;
let restore: (() => void) | undefined;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
});
afterEach(() => {
  restore?.();
  restore = undefined;
});
afterAll(async () => {
  await handle.close();
});

/** A fake organization of its own for each test, so tests never share accounts. */
function org(
  accounts: (Omit<FakeAccount, "id"> & { key: string })[],
  opts: Parameters<typeof fakeOrganization>[1] = {},
) {
  const ids = Object.fromEntries(accounts.map((a) => [a.key, randomAccountId()]));
  const fake = fakeOrganization(
    accounts.map(({ key, ...a }) => ({ ...a, id: ids[key]! })),
    { organizationId: `o-${randomBytes(5).toString("hex")}`, managementId: randomAccountId(), ...opts },
  );
  restore = fake.restore;
  return { ids, fake };
}

// Any client the fake does not cover fails at once on a closed loopback port: nothing leaves the machine.
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";

function deps(settings: Record<string, string> = {}, requestHandler?: unknown) {
  const env = parseEnv({
    AWS_ACCESS_KEY_ID: "testing",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    POSTURE_REGIONS: "",
    POSTURE_MAX_ATTEMPTS: "4",
    ...settings,
  });
  const d = createCollectDeps(handle.db, env, { only: ENGINE_CHECKS });
  if (requestHandler) d.aws = createAwsFactory(d.settings, { requestHandler });
  return d;
}

const unitsOf = (runId: string) => handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, runId));
const findingsOf = (accountId: string) =>
  handle.db.select().from(s.findings).where(eq(s.findings.accountId, accountId));

describe("discovery", () => {
  it("refuses to start without hub credentials, before calling anything", async () => {
    const { fake } = org([{ key: "a", name: "a" }]);
    const d = deps();
    d.settings.hubCredentials = "none";
    await expect(runCollection(d, { trigger: "cli" })).rejects.toBeInstanceOf(NoHubCredentialsError);
    expect(fake.sts.calls()).toHaveLength(0);
    expect(fake.orgs.calls()).toHaveLength(0);
  });

  it("follows every page of ListAccounts and ListAccountsForParent", async () => {
    const { ids } = org(
      ["a-prod", "b-dev", "c-dev", "d-staging", "e-prod"].map((name) => ({ key: name, name })),
      { pageSize: 2 },
    );
    const result = await runCollection(deps(), { trigger: "cli" });
    const accounts = await handle.db
      .select()
      .from(s.awsAccounts)
      .where(inArray(s.awsAccounts.id, Object.values(ids)));
    expect(accounts).toHaveLength(5);
    expect(
      accounts
        .filter((a) => a.ouPath === "Root/Prod")
        .map((a) => a.name)
        .sort(),
    ).toEqual(["a-prod", "e-prod"]);
    expect(result.run).toMatchObject({ status: "succeeded", accountsTotal: 5 });
  });

  it("classifies environments by the tag an admin set in the check settings, over POSTURE_ENVIRONMENT_TAG", async () => {
    // A database of its own: the stored setting would change other files' collections meanwhile.
    const database = await createTestDatabase("posture_envtag");
    const own = await openDatabase({ url: database.url });
    try {
      const { ids } = org([
        { key: "a", name: "alpha", tags: { Stage: "production", Environment: "dev" } },
        { key: "b", name: "bravo", tags: { Environment: "staging" } },
      ]);
      const ownDeps = () =>
        createCollectDeps(
          own.db,
          parseEnv({
            AWS_ACCESS_KEY_ID: "testing",
            AWS_ENDPOINT_URL: "http://127.0.0.1:9",
            POSTURE_REGIONS: "",
            POSTURE_MAX_ATTEMPTS: "4",
          }),
          { only: ENGINE_CHECKS },
        );
      const environments = async () =>
        Object.fromEntries(
          (
            await own.db
              .select()
              .from(s.awsAccounts)
              .where(inArray(s.awsAccounts.id, Object.values(ids)))
          ).map((a) => [a.name, a.environment]),
        );
      await runCollection(ownDeps(), { trigger: "cli" });
      expect(await environments()).toEqual({ alpha: "dev", bravo: "staging" });
      await putSetting(own.db, CHECK_SETTINGS_KEY, { environmentTag: "Stage" });
      await runCollection(ownDeps(), { trigger: "cli" });
      // bravo has no Stage tag, and neither its OU nor its name names an environment: "other".
      expect(await environments()).toEqual({ alpha: "prod", bravo: "other" });
    } finally {
      await own.close();
      await database.drop();
    }
  });

  it("falls back to the configured account list without Organizations access", async () => {
    const { ids } = org(
      [
        { key: "x", name: "x" },
        { key: "y", name: "y" },
      ],
      { organizationsDenied: true },
    );
    const result = await runCollection(deps({ POSTURE_ACCOUNTS: `${ids.x},${ids.y}` }), { trigger: "cli" });
    const [row] = await handle.db.select().from(s.organizations).where(eq(s.organizations.id, result.organizationId));
    expect(row?.discoveryMode).toBe("configured");
    expect(result.accountIds.sort()).toEqual([ids.x, ids.y].sort());
  });

  it("falls back to the hub's own account when nothing else is configured", async () => {
    org([{ key: "other", name: "other" }], { organizationsDenied: true, managementId: "999900001111" });
    const result = await runCollection(deps(), { trigger: "cli" });
    // The hub account has no audit role in this fake, so AssumeRole is refused: recorded, not thrown.
    expect(result.accountIds).toEqual(["999900001111"]);
    expect(result.run).toMatchObject({ status: "failed", accountsTotal: 1 });
    const [row] = await handle.db.select().from(s.organizations).where(eq(s.organizations.id, result.organizationId));
    expect(row?.discoveryMode).toBe("single");
  });
});

describe("check settings that cannot be used", () => {
  const badFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "posture-settings-"));
    const file = path.join(dir, "settings.json");
    writeFileSync(file, JSON.stringify({ prodSeverityRaise: 9 }));
    return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
  };

  it("refuse the run before discovery, with the resolver's message and the SettingsInvalid code", async () => {
    const { fake } = org([{ key: "a", name: "a" }]);
    const bad = badFile();
    try {
      const refusal = await runCollection(deps({ POSTURE_SETTINGS_FILE: bad.file }), { trigger: "cli" }).catch(
        (err: unknown) => err,
      );
      expect(refusal).toBeInstanceOf(SettingsInvalidError);
      expect(refusal).toMatchObject({ code: "SettingsInvalid", name: "SettingsInvalidError" });
      expect((refusal as Error).message).toMatch(/prodSeverityRaise: must be 0, 1 or 2/);
      expect(fake.orgs.calls()).toHaveLength(0);
      expect(fake.sts.calls()).toHaveLength(0);
    } finally {
      bad.remove();
    }
  });

  it("refuse an account whose job starts after they broke: its unit fails with the code, the run closes", async () => {
    const { ids, fake } = org([{ key: "a", name: "a-dev", securityGroups: { "us-east-1": [openSsh("sg-1")] } }]);
    const { runId } = await startRun(deps(), { trigger: "cli" });
    const bad = badFile();
    try {
      const stsCalls = fake.sts.calls().length;
      const outcome = await collectAccount(deps({ POSTURE_SETTINGS_FILE: bad.file }), { runId, accountId: ids.a! });
      expect(outcome.units).toEqual([
        expect.objectContaining({ region: "global", status: "failed", errorCode: "SettingsInvalid" }),
      ]);
      expect(outcome.units[0]!.errorMessage).toMatch(/prodSeverityRaise/);
      expect(fake.sts.calls()).toHaveLength(stsCalls);
      const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
      expect(run).toMatchObject({ status: "failed", accountsDone: 1 });
      expect(await findingsOf(ids.a!)).toEqual([]);
    } finally {
      bad.remove();
    }
  });
});

describe("failures stay inside their unit", () => {
  it("records AccessDenied, a missing role and a suspended account, and collects the rest", async () => {
    const { ids } = org([
      { key: "ok", name: "ok-prod", securityGroups: { "us-east-1": [openSsh("sg-1")] } },
      { key: "partial", name: "partial-dev", denied: ["GetAccountSummaryCommand"] },
      { key: "blind", name: "blind-dev", denied: ["GetAccountSummaryCommand", "GetPublicAccessBlockCommand"] },
      { key: "norole", name: "norole-dev", roleMissing: true },
      { key: "gone", name: "gone-dev", state: "SUSPENDED" },
    ]);
    const result = await runCollection(deps(), { trigger: "cli" });
    const units = await unitsOf(result.runId);
    const unit = (key: string, region = "global") => units.find((u) => u.accountId === ids[key] && u.region === region);

    expect(unit("ok")).toMatchObject({ status: "ok" });
    expect(unit("partial")).toMatchObject({ status: "partial", errorCode: "AccessDenied" });
    expect(unit("partial")?.errorMessage).toMatch(/iamAccountSummary: Access denied/);
    expect(unit("blind")).toMatchObject({ status: "failed", errorCode: "AccessDenied" });
    expect(unit("norole")).toMatchObject({ status: "failed", errorCode: "RoleMissing" });
    expect(unit("norole")?.errorMessage).toMatch(/missing, does not trust the hub, or the ExternalId differs/);
    expect(units.filter((u) => u.accountId === ids.norole)).toHaveLength(1);
    expect(unit("gone")).toMatchObject({ status: "skipped", errorCode: "Suspended" });
    // Regions of the accounts whose role worked were still collected.
    expect(unit("partial", "eu-west-1")).toMatchObject({ status: "ok" });

    expect(result.run).toMatchObject({ status: "partial", accountsDone: 5 });
    expect((await findingsOf(ids.ok!)).map((f) => f.checkId)).toEqual(["sg_world_open_ssh"]);
    // Nothing was evaluated where the inventory was not read: no result, not a pass.
    expect(await findingsOf(ids.partial!)).toEqual([]);
  });

  it("leaves out opt-in regions that are not enabled and skips a region that refuses the session", async () => {
    org([
      {
        key: "a",
        name: "a-dev",
        regions: ["us-east-1", "eu-west-1", "ap-east-1:not-opted-in", "me-south-1:opted-in"],
        disabledRegions: ["me-south-1"],
      },
    ]);
    const result = await runCollection(deps(), { trigger: "cli" });
    const units = await unitsOf(result.runId);
    expect(units.map((u) => u.region).sort()).toEqual(["eu-west-1", "global", "me-south-1", "us-east-1"]);
    expect(units.find((u) => u.region === "me-south-1")).toMatchObject({
      status: "skipped",
      errorCode: "RegionDisabled",
    });
    expect(result.run?.status).toBe("succeeded");
  });

  it("narrows regions to POSTURE_REGIONS", async () => {
    org([{ key: "a", name: "a-dev", regions: ["us-east-1", "eu-west-1", "eu-central-1"] }]);
    const result = await runCollection(deps({ POSTURE_REGIONS: "eu-central-1,ap-south-1" }), { trigger: "cli" });
    expect((await unitsOf(result.runId)).map((u) => u.region).sort()).toEqual(["eu-central-1", "global"]);
  });
});

describe("run heartbeat", () => {
  it("stays fresh while an account is still being collected, so the run is not marked stuck", async () => {
    const { ids, fake } = org([{ key: "a", name: "a-dev", securityGroups: { "eu-west-1": [openSsh("sg-1")] } }]);
    const d = deps();
    d.heartbeats = RunHeartbeats.forDatabase(handle.db, 50);
    const { runId } = await startRun(d, { trigger: "cli" });
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fake.ec2!.on(DescribeSecurityGroupsCommand).callsFake(async () => {
      await gate;
      return { SecurityGroups: [] };
    });
    // The run went quiet an hour ago (no account has finished); its account is still being read.
    await handle.db
      .update(s.collectionRuns)
      .set({ heartbeatAt: new Date(Date.now() - 3_600_000) })
      .where(eq(s.collectionRuns.id, runId));
    const collecting = collectAccount(d, { runId, accountId: ids.a! });
    await until(
      async () =>
        (
          (await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId)))[0]!.heartbeatAt ??
          new Date(0)
        ).getTime() >=
        Date.now() - 5_000,
      { timeoutMs: 10_000, everyMs: 25 },
    );
    expect(d.heartbeats.runs()).toEqual([runId]);
    expect(await markStuckRuns(handle.db, new Date(Date.now() - 5_000))).not.toContain(runId);
    release!();
    await collecting;
    expect(d.heartbeats.runs()).toEqual([]);
    const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(run!.status).toBe("succeeded");
  });

  it("is left alone for runs that are no longer open", async () => {
    org([{ key: "a", name: "a-dev" }]);
    const { runId } = await startRun(deps(), { trigger: "cli" });
    const old = new Date(Date.now() - 3_600_000);
    await handle.db
      .update(s.collectionRuns)
      .set({ status: "stuck", heartbeatAt: old })
      .where(eq(s.collectionRuns.id, runId));
    await touchRuns(handle.db, [runId]);
    const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(run!.heartbeatAt).toEqual(old);
  });
});

describe("snapshots", () => {
  it("are idempotent: collecting the same account twice for one run changes nothing", async () => {
    const { ids } = org([
      { key: "a", name: "a-dev", securityGroups: { "eu-west-1": [openSsh("sg-1"), openSsh("sg-2")] }, mfa: false },
    ]);
    const d = deps();
    const { runId } = await startRun(d, { trigger: "cli" });
    await collectAccount(d, { runId, accountId: ids.a! });
    const count = async () => ({
      findings: (await findingsOf(ids.a!)).map((f) => [f.id, f.status, f.reopenCount]).sort(),
      events: (
        await handle.db
          .select()
          .from(s.findingEvents)
          .innerJoin(s.findings, eq(s.findings.id, s.findingEvents.findingId))
          .where(eq(s.findings.accountId, ids.a!))
      ).length,
      units: (await unitsOf(runId)).map((u) => [u.region, u.status]).sort(),
    });
    const first = await count();
    const again = await collectAccount(d, { runId, accountId: ids.a! });
    expect(await count()).toEqual(first);
    expect(again.snapshot).toMatchObject({ created: 0, reopened: 0, resolved: 0, stillOpen: 3 });
    expect(first.findings).toHaveLength(3);
  });

  it("never resolve anything from a unit that failed", async () => {
    const { ids } = org([{ key: "a", name: "a-dev", securityGroups: { "eu-west-1": [openSsh("sg-1")] } }]);
    const first = await runCollection(deps(), { trigger: "cli" });
    expect((await findingsOf(ids.a!)).map((f) => f.status)).toEqual(["NEW"]);

    // Next run: the security group is fixed, but EC2 is now denied. The finding must stay open.
    restore?.();
    const again = fakeOrganization(
      [
        {
          id: ids.a!,
          name: "a-dev",
          denied: ["DescribeSecurityGroupsCommand"],
          securityGroups: { "eu-west-1": [closedGroup("sg-1")] },
        },
      ],
      {
        organizationId: (
          await handle.db.select().from(s.organizations).where(eq(s.organizations.id, first.organizationId))
        )[0]!.awsOrganizationId!,
        managementId: randomAccountId(),
      },
    );
    restore = again.restore;
    const second = await runCollection(deps(), { trigger: "cli" });
    const unit = (await unitsOf(second.runId)).find((u) => u.region === "eu-west-1");
    expect(unit).toMatchObject({ status: "failed", errorCode: "AccessDenied" });
    const [f] = await findingsOf(ids.a!);
    expect(f).toMatchObject({ status: "NEW", lastRunId: first.runId });

    // Once EC2 answers again, the fixed group resolves the finding.
    restore?.();
    restore = fakeOrganization(
      [{ id: ids.a!, name: "a-dev", securityGroups: { "eu-west-1": [closedGroup("sg-1")] } }],
      {
        organizationId: (
          await handle.db.select().from(s.organizations).where(eq(s.organizations.id, first.organizationId))
        )[0]!.awsOrganizationId!,
        managementId: randomAccountId(),
      },
    ).restore;
    const third = await runCollection(deps(), { trigger: "cli" });
    expect((await findingsOf(ids.a!))[0]).toMatchObject({ status: "RESOLVED", lastRunId: third.runId });
  });

  it("survive a crash between accounts: committed accounts stay, the rest finish when re-run", async () => {
    const { ids } = org([
      { key: "a", name: "a-dev", securityGroups: { "us-east-1": [openSsh("sg-a")] } },
      { key: "b", name: "b-dev", securityGroups: { "us-east-1": [openSsh("sg-b")] } },
    ]);
    const d = deps();
    const { runId } = await startRun(d, { trigger: "cli" });
    await collectAccount(d, { runId, accountId: ids.a! });
    // The process dies here. Account a's snapshot is whole, account b has nothing, the run is open.
    const [midway] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(midway).toMatchObject({ status: "running", accountsDone: 1, accountsTotal: 2 });
    expect(await findingsOf(ids.a!)).toHaveLength(1);
    expect(await findingsOf(ids.b!)).toHaveLength(0);

    // A worker picks the job up again with fresh state.
    await collectAccount(deps(), { runId, accountId: ids.b! });
    const [done] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(done).toMatchObject({ status: "succeeded", accountsDone: 2 });
  });

  it("write nothing of an account whose transaction fails midway", async () => {
    const { ids } = org([{ key: "a", name: "a-dev", securityGroups: { "us-east-1": [openSsh("sg-a")] } }]);
    const d = deps();
    const { runId } = await startRun(d, { trigger: "cli" });
    // A check missing from the catalogue makes the findings insert violate its foreign key.
    d.checks = d.checks.map((c) => (c.id === "sg_world_open_ssh" ? { ...c, id: "not_in_catalogue" } : c));
    await expect(collectAccount(d, { runId, accountId: ids.a! })).rejects.toThrow();
    expect(await findingsOf(ids.a!)).toEqual([]);
    const units = await unitsOf(runId);
    expect(units.every((u) => u.status === "running")).toBe(true);
    const [account] = await handle.db.select().from(s.awsAccounts).where(eq(s.awsAccounts.id, ids.a!));
    expect(account?.lastRunId).toBeNull();
  });
});

// Throttling is exercised below the SDK's retry layer: a fake HTTP handler answers EC2 with
// RequestLimitExceeded, as AWS does, so the SDK's adaptive retry does the recovering.
const EC2_NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
function xml(status: number, body: string) {
  return {
    response: new HttpResponse({
      statusCode: status,
      headers: { "content-type": "text/xml" },
      body: Readable.from([Buffer.from(body)]),
    }),
  };
}
function ec2Handler(throttleFirst: number) {
  let throttled = 0;
  return {
    handle: async (request: HttpRequest) => {
      const action = new URLSearchParams(String(request.body)).get("Action");
      if (action === "DescribeRegions") {
        return xml(
          200,
          `<DescribeRegionsResponse ${EC2_NS}><requestId>r</requestId><regionInfo><item><regionName>us-east-1</regionName><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>`,
        );
      }
      if (throttled < throttleFirst) {
        throttled += 1;
        return xml(
          503,
          `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>t</RequestID></Response>`,
        );
      }
      return xml(
        200,
        `<DescribeSecurityGroupsResponse ${EC2_NS}><requestId>r</requestId><securityGroupInfo><item><groupId>sg-web</groupId><groupName>web</groupName><vpcId>vpc-1</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions></item></securityGroupInfo></DescribeSecurityGroupsResponse>`,
      );
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
}

describe("throttling", () => {
  it("recovers from a burst through the SDK's adaptive retries, and counts it", async () => {
    const { ids } = org([{ key: "a", name: "a-dev" }], { realEc2: true });
    const result = await runCollection(deps({ POSTURE_MAX_ATTEMPTS: "6" }, ec2Handler(3)), { trigger: "cli" });
    const unit = (await unitsOf(result.runId)).find((u) => u.region === "us-east-1");
    expect(unit).toMatchObject({ status: "ok", apiCalls: 4, throttledCalls: 3 });
    expect((await findingsOf(ids.a!)).map((f) => f.checkId)).toEqual(["sg_world_open_ssh"]);
  });

  it("gives up after the configured attempts and marks the unit Throttled", async () => {
    org([{ key: "a", name: "a-dev" }], { realEc2: true });
    const result = await runCollection(deps({ POSTURE_MAX_ATTEMPTS: "2" }, ec2Handler(10)), { trigger: "cli" });
    const unit = (await unitsOf(result.runId)).find((u) => u.region === "us-east-1");
    expect(unit).toMatchObject({ status: "failed", errorCode: "Throttled", apiCalls: 2, throttledCalls: 2 });
  });
});

// An organization-wide check defined here, so the pipeline is tested apart from the catalogue:
// a security group name used in more than one account.
const sharedGroupName = defineOrgCheck({
  id: "test_sg_name_shared_across_accounts",
  title: "Security group name reused across accounts",
  description: "A test check: the same group name in two accounts.",
  severity: "low",
  service: "ec2",
  scope: "organization",
  frameworks: [],
  remediation: { steps: ["Rename it."] },
  requires: ["securityGroups"],
  evaluate: ({ accounts }) => {
    const seen = new Map<string, Set<string>>();
    for (const a of accounts)
      for (const groups of Object.values(a.regions))
        for (const g of groups?.securityGroups ?? [])
          seen.set(g.groupName, (seen.get(g.groupName) ?? new Set()).add(a.accountId));
    return accounts.flatMap((a) =>
      Object.entries(a.regions).flatMap(([region, inv]) =>
        (inv?.securityGroups ?? []).map((g) => ({
          accountId: a.accountId,
          region,
          resourceId: g.groupId,
          resourceType: "AWS::EC2::SecurityGroup",
          status: (seen.get(g.groupName)!.size > 1 ? "fail" : "pass") as "fail" | "pass",
          evidence: { name: g.groupName, accounts: [...seen.get(g.groupName)!] },
        })),
      ),
    );
  },
});

describe("organization-wide checks", () => {
  it("leave an account without a collection (suspended) out of the scores", async () => {
    const group = (id: string, name: string) => ({ ...closedGroup(id), GroupName: name });
    const { ids } = org([
      { key: "a", name: "a-dev", securityGroups: { "us-east-1": [group("sg-s", "shared")] } },
      { key: "b", name: "b-dev", securityGroups: { "us-east-1": [group("sg-t", "shared")] } },
      { key: "gone", name: "gone-dev", state: "SUSPENDED" },
    ]);
    const d = deps();
    d.orgChecks = [sharedGroupName];
    await runCollection(d, { trigger: "cli" });
    const scores = await listAccountScores(handle.db, ALL_ACCOUNTS);
    expect(scores.get(ids.a!)).toBeLessThan(100);
    expect(scores.has(ids.gone!)).toBe(false);
  });

  it("run once the run closes, over every account's kept inventory, and resolve when fixed", async () => {
    const group = (id: string, name: string) => ({ ...closedGroup(id), GroupName: name });
    const { ids } = org([
      { key: "a", name: "a-dev", securityGroups: { "us-east-1": [group("sg-a", "shared"), group("sg-a2", "only-a")] } },
      { key: "b", name: "b-dev", securityGroups: { "eu-west-1": [group("sg-b", "shared")] } },
    ]);
    const d = deps();
    d.orgChecks = [sharedGroupName];
    const first = await runCollection(d, { trigger: "cli" });
    const failing = async () =>
      (await handle.db.select().from(s.findings).where(eq(s.findings.checkId, sharedGroupName.id)))
        .filter((f) => [ids.a, ids.b].includes(f.accountId) && f.status === "NEW")
        .map((f) => f.resourceId)
        .sort();
    expect(await failing()).toEqual(["sg-a", "sg-b"]);
    const stats = await handle.db
      .select()
      .from(s.checkAccountStats)
      .where(eq(s.checkAccountStats.checkId, sharedGroupName.id));
    expect(stats.find((x) => x.accountId === ids.a)).toMatchObject({ passed: 1, failed: 1 });
    const kept = await handle.db.select().from(s.inventoryItems).where(eq(s.inventoryItems.runId, first.runId));
    // Every region read is kept, an empty list included: "no groups" is an answer too.
    expect(kept.map((k) => [k.accountId === ids.a ? "a" : "b", k.region, k.key]).sort()).toEqual([
      ["a", "eu-west-1", "securityGroups"],
      ["a", "us-east-1", "securityGroups"],
      ["b", "eu-west-1", "securityGroups"],
      ["b", "us-east-1", "securityGroups"],
    ]);

    restore?.();
    const orgRow = (
      await handle.db.select().from(s.organizations).where(eq(s.organizations.id, first.organizationId))
    )[0]!;
    restore = fakeOrganization(
      [
        {
          id: ids.a!,
          name: "a-dev",
          securityGroups: { "us-east-1": [group("sg-a", "shared"), group("sg-a2", "only-a")] },
        },
        { id: ids.b!, name: "b-dev", securityGroups: { "eu-west-1": [group("sg-b", "renamed")] } },
      ],
      { organizationId: orgRow.awsOrganizationId!, managementId: randomAccountId() },
    ).restore;
    const second = await runCollection(d, { trigger: "cli" });
    expect(await failing()).toEqual([]);
    // Only the latest finished run's inventory is kept.
    expect(await handle.db.select().from(s.inventoryItems).where(eq(s.inventoryItems.runId, first.runId))).toEqual([]);
    expect(
      (await handle.db.select().from(s.inventoryItems).where(eq(s.inventoryItems.runId, second.runId))).length,
    ).toBe(4);
  });
});

describe("safeguards", () => {
  it("keep a finding open while its check cannot decide (not_applicable), and resolve it on a pass", async () => {
    let verdict: "fail" | "not_applicable" | "pass" = "fail";
    const flaky = defineCheck({
      id: "test_undecided_resource",
      title: "A check that cannot always decide",
      description: "A test check whose verdict the test sets.",
      severity: "medium",
      service: "ec2",
      scope: "regional",
      frameworks: [],
      remediation: { steps: ["None."] },
      requires: ["securityGroups"],
      evaluate: ({ inventory }) =>
        (inventory.securityGroups ?? []).map((g) => ({
          resourceId: g.groupId,
          resourceType: "AWS::EC2::SecurityGroup",
          status: verdict,
          evidence: {},
        })),
    });
    const { ids } = org([
      { key: "a", name: "a-dev", regions: ["us-east-1"], securityGroups: { "us-east-1": [closedGroup("sg-u")] } },
    ]);
    const d = deps();
    d.checks = [flaky];
    const status = async () => (await findingsOf(ids.a!)).filter((f) => f.checkId === flaky.id).map((f) => f.status);
    await runCollection(d, { trigger: "cli" });
    expect(await status()).toEqual(["NEW"]);
    verdict = "not_applicable";
    await runCollection(d, { trigger: "cli" });
    expect(await status()).toEqual(["NEW"]);
    verdict = "pass";
    await runCollection(d, { trigger: "cli" });
    expect(await status()).toEqual(["RESOLVED"]);
  });

  it("fail the units an earlier attempt declared but a later one did not reach, so the run closes", async () => {
    const { ids } = org([{ key: "a", name: "a-dev", regions: ["us-east-1"] }]);
    const d = deps();
    const { runId } = await startRun(d, { trigger: "cli" });
    // A first attempt declared more regions, then died.
    await registerUnits(handle.db, runId, ids.a!, ["global", "us-east-1", "ap-south-1"]);
    await collectAccount(d, { runId, accountId: ids.a! });
    const units = await unitsOf(runId);
    expect(units.find((u) => u.region === "ap-south-1")).toMatchObject({ status: "failed", errorCode: "Internal" });
    const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(run).toMatchObject({ status: "partial", accountsDone: 1 });
  });

  it("refuse a second run of an organization while one is in progress", async () => {
    org([{ key: "a", name: "a-dev" }]);
    const d = deps();
    const first = await startRun(d, { trigger: "cli" });
    await expect(startRun(d, { trigger: "manual" })).rejects.toBeInstanceOf(RunInProgressError);
    for (const accountId of first.accountIds) await collectAccount(d, { runId: first.runId, accountId });
    await expect(startRun(d, { trigger: "manual" })).resolves.toMatchObject({ accountIds: first.accountIds });
  });

  it("close accounts that are no longer in the organization", async () => {
    const { ids } = org([
      { key: "stay", name: "stay-dev" },
      { key: "gone", name: "gone-dev" },
    ]);
    const first = await runCollection(deps(), { trigger: "cli" });
    restore?.();
    const orgRow = (
      await handle.db.select().from(s.organizations).where(eq(s.organizations.id, first.organizationId))
    )[0]!;
    restore = fakeOrganization([{ id: ids.stay!, name: "stay-dev" }], {
      organizationId: orgRow.awsOrganizationId!,
      managementId: randomAccountId(),
    }).restore;
    const second = await runCollection(deps(), { trigger: "cli" });
    expect(second.accountIds).toEqual([ids.stay]);
    const [gone] = await handle.db.select().from(s.awsAccounts).where(eq(s.awsAccounts.id, ids.gone!));
    expect(gone?.status).toBe("closed");
  });
});
