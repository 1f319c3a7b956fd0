import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { checkCanaryCredentialReport, LookupPacers, runCanaryCycle } from "@/lib/collector/canary";
import { runActivityWatch } from "@/lib/collector/activity-watch";
import { collectorSettings } from "@/lib/collector/settings";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { fakeOrganization } from "../aws-fake";
import { createAccount, createCanaryKey, createOrganization, randomAccountId } from "../factories";

let handle: DatabaseHandle;
let restore: (() => void) | undefined;
const ct = mockClient(CloudTrailClient);
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
});
afterEach(() => {
  restore?.();
  restore = undefined;
  ct.reset();
});
afterAll(async () => {
  ct.restore();
  await handle.close();
});

type Region = string;
/** CloudTrail per region: events by access key id, served two per page so pagination is exercised. */
function fakeCloudTrail(byRegion: Record<Region, Event[]>) {
  const calls: { region: string; key: string; at: number; token?: string }[] = [];
  ct.on(LookupEventsCommand).callsFake(async (input, getClient) => {
    const region = await (getClient() as unknown as { config: { region: () => Promise<string> } }).config.region();
    const key = input.LookupAttributes?.[0]?.AttributeValue ?? "";
    calls.push({ region, key, at: performance.now(), token: input.NextToken });
    const all = (byRegion[region] ?? []).filter(
      (e) => e.AccessKeyId === key && e.EventTime! >= input.StartTime! && e.EventTime! < input.EndTime!,
    );
    const start = input.NextToken ? Number(input.NextToken) : 0;
    return { Events: all.slice(start, start + 2), NextToken: start + 2 < all.length ? String(start + 2) : undefined };
  });
  return calls;
}

const trail = (
  id: string,
  key: string,
  at: Date,
  over: { name?: string; source?: string; agent?: string; ip?: string },
) => ({
  EventId: id,
  EventName: over.name ?? "ListBuckets",
  EventSource: over.source ?? "s3.amazonaws.com",
  EventTime: at,
  AccessKeyId: key,
  Username: "ci-canary",
  CloudTrailEvent: JSON.stringify({
    sourceIPAddress: over.ip ?? "198.51.100.7",
    userAgent: over.agent ?? "aws-cli/2.15.0 Python/3.11",
    errorCode: "AccessDenied",
    userIdentity: { type: "IAMUser", accessKeyId: key },
  }),
});

async function setup(regions = ["us-east-1", "eu-west-1"]) {
  const id = randomAccountId();
  const fake = fakeOrganization([{ id, name: "canary-prod", regions }], { managementId: randomAccountId() });
  restore = fake.restore;
  const org = await createOrganization(handle.db);
  await createAccount(handle.db, org.id, { id, environment: "prod" });
  const env = parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9", POSTURE_REGIONS: "" });
  const settings = collectorSettings(env);
  const deps = {
    db: handle.db,
    aws: createAwsFactory(settings),
    settings,
    pacers: new LookupPacers(),
    accountIds: [id],
  };
  return { id, deps };
}

const canaryRow = (id: string) =>
  handle.db
    .select()
    .from(s.canaryKeys)
    .where(eq(s.canaryKeys.id, id))
    .then((r) => r[0]!);

describe("canary job", () => {
  it("is quiet, then trips on use in another region (paged), labels a scanner, and does not duplicate", async () => {
    const { id, deps } = await setup();
    const t0 = new Date();
    const canary = await createCanaryKey(handle.db, {
      ownerAccountId: id,
      iamUserName: "ci-canary",
      createdAt: new Date(t0.getTime() - 3600_000),
    });
    const byRegion: Record<string, Event[]> = { "us-east-1": [], "eu-west-1": [] };
    fakeCloudTrail(byRegion);

    const quiet = await runCanaryCycle({ ...deps, now: () => t0 });
    expect(quiet).toMatchObject({ canaries: 1, tripped: [], notChecked: 0, throttled: 0 });
    expect(await canaryRow(canary.id)).toMatchObject({ status: "active", checkError: null, checkedUntil: t0 });

    // Used 2 minutes before the next look, visible only now (delivery delay): the lookback still finds it.
    const used = new Date(t0.getTime() - 2 * 60_000);
    byRegion["eu-west-1"] = [
      trail("scan-1", canary.accessKeyId, used, {
        name: "GetCallerIdentity",
        source: "sts.amazonaws.com",
        agent: "TruffleHog",
      }),
      trail("use-1", canary.accessKeyId, new Date(used.getTime() + 1000), {}),
      trail("use-2", canary.accessKeyId, new Date(used.getTime() + 2000), {
        name: "ListUsers",
        source: "iam.amazonaws.com",
      }),
      trail("other", "AKIAOTHERKEY2345ABCD", used, {}),
    ];
    const t1 = new Date(t0.getTime() + 5 * 60_000);
    const tripped = await runCanaryCycle({ ...deps, now: () => t1 });
    expect(tripped.tripped).toEqual([canary.accessKeyId]);
    expect(await canaryRow(canary.id)).toMatchObject({ status: "tripped" });
    const events = await handle.db.select().from(s.canaryEvents).where(eq(s.canaryEvents.canaryKeyId, canary.id));
    expect(events.map((e) => [e.id, e.scanner, e.awsRegion]).sort()).toEqual([
      ["scan-1", "TruffleHog", "eu-west-1"],
      ["use-1", null, "eu-west-1"],
      ["use-2", null, "eu-west-1"],
    ]);
    const finding = await handle.db
      .select()
      .from(s.findings)
      .where(and(eq(s.findings.accountId, id), eq(s.findings.checkId, "canary_key_used")));
    expect(finding).toHaveLength(1);
    expect(finding[0]).toMatchObject({ severity: "critical", status: "NEW", resourceId: canary.accessKeyId });

    const again = await runCanaryCycle({ ...deps, now: () => new Date(t1.getTime() + 5 * 60_000) });
    expect(again.tripped).toEqual([]);
    const after = await handle.db.select().from(s.canaryEvents).where(eq(s.canaryEvents.canaryKeyId, canary.id));
    expect(after).toHaveLength(3);
  });

  it("says why a canary of an account outside the organization is not checked", async () => {
    const { deps } = await setup();
    const stranger = randomAccountId();
    const canary = await createCanaryKey(handle.db, { ownerAccountId: stranger, iamUserName: "u" });
    fakeCloudTrail({});
    const out = await runCanaryCycle({ ...deps, accountIds: [stranger] });
    expect(out.notChecked).toBe(1);
    expect((await canaryRow(canary.id)).checkError).toMatch(/not in the discovered organization/);
  });

  it("records a failed region and keeps the window open for the next look", async () => {
    const { id, deps } = await setup();
    const canary = await createCanaryKey(handle.db, { ownerAccountId: id, iamUserName: "u" });
    ct.on(LookupEventsCommand).rejects(
      Object.assign(new Error("not authorized"), {
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await runCanaryCycle(deps);
    const row = await canaryRow(canary.id);
    expect(row.checkError).toMatch(/could not be read in 2 of 2 regions/);
    expect(row.checkedUntil).toBeNull();
  });

  it("trips on the credential report's last use of the canary user's key (safety net)", async () => {
    const { id } = await setup();
    const canary = await createCanaryKey(handle.db, {
      ownerAccountId: id,
      iamUserName: "ci-canary",
      createdAt: new Date(Date.now() - 7 * 86_400_000),
    });
    const lastUsed = new Date(Date.now() - 3600_000);
    const report = {
      entries: [
        { user: "someone", accessKeys: [{ lastUsed }, { lastUsed: null }] },
        { user: "ci-canary", accessKeys: [{ lastUsed: null }, { lastUsed }] },
      ],
    };
    expect(await checkCanaryCredentialReport(handle.db, id, report, new Date())).toEqual([canary.accessKeyId]);
    expect(await checkCanaryCredentialReport(handle.db, id, report, new Date())).toEqual([]);
    const events = await handle.db.select().from(s.canaryEvents).where(eq(s.canaryEvents.canaryKeyId, canary.id));
    expect(events.map((e) => [e.source, e.eventName])).toEqual([["credential-report", "access_key_2_last_used"]]);
  });

  it("watches management events: a stopped trail becomes a finding with the event, read once an hour", async () => {
    const { id, deps } = await setup();
    const seen: string[] = [];
    ct.on(LookupEventsCommand).callsFake(async (input, getClient) => {
      const region = await (getClient() as unknown as { config: { region: () => Promise<string> } }).config.region();
      const attr = input.LookupAttributes?.[0];
      seen.push(`${region}:${attr?.AttributeValue}`);
      if (region !== "eu-west-1" || attr?.AttributeValue !== "StopLogging") return { Events: [] };
      return {
        Events: [
          {
            EventId: `stop-${id}`,
            EventName: "StopLogging",
            EventSource: "cloudtrail.amazonaws.com",
            EventTime: new Date(Date.now() - 600_000),
            Username: "mallory",
            CloudTrailEvent: JSON.stringify({
              sourceIPAddress: "203.0.113.5",
              userAgent: "aws-cli/2",
              userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${id}:user/mallory` },
            }),
          },
        ],
      };
    });
    const out = await runActivityWatch({ ...deps, accountIds: [id] });
    expect(out).toMatchObject({ accounts: 1, events: 1 });
    expect(seen).toContain("us-east-1:StopLogging");
    expect(seen).toContain("eu-west-1:ses.amazonaws.com");
    const found = await handle.db
      .select()
      .from(s.findings)
      .where(and(eq(s.findings.accountId, id), eq(s.findings.checkId, "cloudtrail_trail_tampered")));
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toMatchObject({ action: "cloudtrail:StopLogging", sourceIp: "203.0.113.5" });
    const stored = await handle.db.select().from(s.cloudtrailEvents).where(eq(s.cloudtrailEvents.accountId, id));
    expect(stored.map((e) => [e.eventName, e.userName])).toEqual([["StopLogging", "mallory"]]);
    expect((await runActivityWatch({ ...deps, accountIds: [id] })).accounts).toBe(0);
  });
});
