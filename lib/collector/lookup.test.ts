import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { fakeOrganization } from "@/test/aws-fake";
import { LookupPacers } from "./canary";
import { readLookupAccount, type LookupUnit } from "./lookup";

const ct = mockClient(CloudTrailClient);
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  ct.reset();
});
afterAll(() => ct.restore());

const A = "111111111111";
const B = "222222222222";
const KEY = "AKIAEXAMPLEKEY234567";

const settings = {
  homeRegion: "us-east-1",
  roleName: "PostureAuditRole",
  roleOverrides: {},
  callTimeoutMs: 5_000,
  maxAttempts: 2,
};

function awsError(name: string, status: number) {
  return Object.assign(new Error(`${name} (test)`), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

const event = (id: string, region: string, at: Date): Event => ({
  EventId: id,
  EventName: "ListBuckets",
  EventSource: "s3.amazonaws.com",
  EventTime: at,
  AccessKeyId: KEY,
  Username: "leaky",
  CloudTrailEvent: JSON.stringify({ awsRegion: region, sourceIPAddress: "203.0.113.9", userAgent: "boto3/1.34" }),
});

type Sdk = { config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> } };

/** CloudTrail per account and region, two events a page; what each call asked for is recorded. */
function fakeCloudTrail(opts: {
  events: Record<string, Record<string, Event[]>>;
  fail?: Record<string, Record<string, string>>;
}) {
  const calls: { account: string; region: string; token?: string; attribute?: string; at: number }[] = [];
  ct.on(LookupEventsCommand).callsFake(async (input, getClient) => {
    const client = getClient() as unknown as Sdk;
    const region = await client.config.region();
    const account = (await client.config.credentials()).accessKeyId.replace(/^ASIA/, "");
    calls.push({
      account,
      region,
      token: input.NextToken,
      attribute: input.LookupAttributes?.[0]?.AttributeKey,
      at: performance.now(),
    });
    const failure = opts.fail?.[account]?.[region];
    if (failure === "throttle") throw awsError("ThrottlingException", 400);
    if (failure === "denied") throw awsError("AccessDeniedException", 400);
    if (failure === "disabled") throw awsError("UnrecognizedClientException", 400);
    const all = opts.events[account]?.[region] ?? [];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    return { Events: all.slice(start, start + 2), NextToken: start + 2 < all.length ? String(start + 2) : undefined };
  });
  return calls;
}

async function read(account: string, opts: { maxPages?: number } = {}) {
  const units: LookupUnit[] = [];
  const now = new Date();
  await readLookupAccount(
    { aws: createAwsFactory(settings), settings, pacers: new LookupPacers(), maxPages: opts.maxPages },
    { id: account, roleArn: null, isManagement: false },
    { attribute: "AccessKeyId", subject: KEY, start: new Date(now.getTime() - 7 * 86_400_000), end: now },
    async (u) => {
      units.push(u);
    },
  );
  return units.sort((x, y) => (x.region ?? "").localeCompare(y.region ?? ""));
}

describe("on-demand CloudTrail lookup", () => {
  it("pages through every enabled region, skips a region not opted in, and reports one that is not enabled", async () => {
    restore = fakeOrganization([
      {
        id: A,
        name: "a",
        regions: ["us-east-1", "eu-west-1", "ap-southeast-3:not-opted-in", "me-central-1:opted-in"],
      },
    ]).restore;
    const t = Date.now() - 3_600_000;
    const calls = fakeCloudTrail({
      events: {
        [A]: {
          "us-east-1": [1, 2, 3, 4, 5].map((i) => event(`u${i}`, "us-east-1", new Date(t + i))),
          "eu-west-1": [event("e1", "eu-west-1", new Date(t))],
        },
      },
      fail: { [A]: { "me-central-1": "disabled" } },
    });
    const units = await read(A);
    expect(units.map((u) => [u.region, u.events.length, u.capped, u.problem?.code])).toEqual([
      ["eu-west-1", 1, false, undefined],
      ["me-central-1", 0, false, "RegionDisabled"],
      ["us-east-1", 5, false, undefined],
    ]);
    // Three pages in us-east-1, one in eu-west-1; never a call into the region not opted in.
    expect(calls.filter((c) => c.region === "us-east-1").map((c) => c.token)).toEqual([undefined, "2", "4"]);
    expect(calls.some((c) => c.region === "ap-southeast-3")).toBe(false);
    expect(new Set(calls.map((c) => c.attribute))).toEqual(new Set(["AccessKeyId"]));
    expect(units.find((u) => u.region === "us-east-1")!.events[0]).toMatchObject({
      accountId: A,
      accessKeyId: KEY,
      sourceIp: "203.0.113.9",
      userAgent: "boto3/1.34",
    });
  });

  it("stops at the page cap and says so", async () => {
    restore = fakeOrganization([{ id: A, name: "a", regions: ["us-east-1"] }]).restore;
    const t = Date.now() - 3_600_000;
    fakeCloudTrail({
      events: { [A]: { "us-east-1": [1, 2, 3, 4, 5].map((i) => event(`c${i}`, "us-east-1", new Date(t + i))) } },
    });
    const [unit] = await read(A, { maxPages: 2 });
    expect(unit).toMatchObject({ region: "us-east-1", capped: true });
    expect(unit!.events).toHaveLength(4);
  });

  it("keeps what it read when one region is throttled past its retries and another account denies access", async () => {
    restore = fakeOrganization([
      { id: A, name: "a", regions: ["us-east-1", "eu-west-1"] },
      { id: B, name: "b", regions: ["us-east-1"] },
    ]).restore;
    const calls = fakeCloudTrail({
      events: { [A]: { "us-east-1": [event("ok1", "us-east-1", new Date(Date.now() - 60_000))] } },
      fail: { [A]: { "eu-west-1": "throttle" }, [B]: { "us-east-1": "denied" } },
    });
    const a = await read(A);
    expect(a.map((u) => [u.region, u.events.length, u.problem?.code])).toEqual([
      ["eu-west-1", 0, "Throttled"],
      ["us-east-1", 1, undefined],
    ]);
    // The mock answers below the SDK's retries: the throttle seen here is the one left after them.
    expect(calls.filter((c) => c.region === "eu-west-1")).toHaveLength(1);

    const b = await read(B);
    expect(b).toHaveLength(1);
    expect(b[0]!.problem).toMatchObject({ accountId: B, region: "us-east-1", code: "AccessDenied" });
  });

  it("reports an account whose role cannot be assumed as one problem for every region", async () => {
    restore = fakeOrganization([{ id: B, name: "b", roleMissing: true }]).restore;
    const calls = fakeCloudTrail({ events: {} });
    const units = await read(B);
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ accountId: B, region: null, problem: { code: "RoleMissing" } });
    expect(calls).toHaveLength(0);
  });
});
