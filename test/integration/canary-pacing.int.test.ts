import { Readable } from "node:stream";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { LookupPacers, runCanaryCycle } from "@/lib/collector/canary";
import { readLookupAccount, type LookupUnit } from "@/lib/collector/lookup";
import { collectorSettings } from "@/lib/collector/settings";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { parseEnv } from "@/lib/env";
import { fakeOrganization } from "../aws-fake";
import { createAccount, createCanaryKey, createOrganization, randomAccountId } from "../factories";

// LookupEvents below the SDK, as AWS answers it: a token bucket of 2 calls a second per account and
// region (burst 2), ThrottlingException beyond. The canary job must stay under it.

let handle: DatabaseHandle;
let restore: (() => void) | undefined;
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
});
afterEach(() => restore?.());
afterAll(async () => handle.close());

function json(status: number, body: unknown) {
  return {
    response: new HttpResponse({
      statusCode: status,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: Readable.from([Buffer.from(JSON.stringify(body))]),
    }),
  };
}

function cloudTrailAtItsLimit() {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const seen = { calls: 0, throttled: 0, lookupPages: 0, perBucket: new Map<string, number[]>() };
  return {
    seen,
    handle: async (request: HttpRequest) => {
      const auth = String(request.headers.authorization ?? request.headers.Authorization ?? "");
      const [, keyId = "", region = ""] = /Credential=([A-Z0-9]+)\/\d+\/([a-z0-9-]+)\//.exec(auth) ?? [];
      const key = `${keyId}/${region}`;
      const now = performance.now();
      const b = buckets.get(key) ?? { tokens: 2, at: now };
      b.tokens = Math.min(2, b.tokens + ((now - b.at) / 1000) * 2);
      b.at = now;
      buckets.set(key, b);
      seen.calls += 1;
      seen.perBucket.set(key, [...(seen.perBucket.get(key) ?? []), now]);
      if (b.tokens < 1) {
        seen.throttled += 1;
        return json(400, { __type: "ThrottlingException", message: "Rate exceeded" });
      }
      b.tokens -= 1;
      // An on-demand lookup (by Username) gets 6 pages; a canary's look (by AccessKeyId) one.
      const body: unknown = request.body;
      // The SDK's JSON body is a byte array that warns when read as a string: read its bytes.
      const text = ArrayBuffer.isView(body)
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")
        : String(body ?? "{}");
      const input = JSON.parse(text) as {
        LookupAttributes?: { AttributeKey?: string }[];
        NextToken?: string;
      };
      if (input.LookupAttributes?.[0]?.AttributeKey === "Username") {
        const page = Number(input.NextToken ?? 0) + 1;
        seen.lookupPages += 1;
        return json(200, { Events: [], ...(page < 6 ? { NextToken: String(page) } : {}) });
      }
      return json(200, { Events: [] });
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
}

describe("canary job pacing", () => {
  it("keeps each account × region at LookupEvents' 2 calls a second: none throttled", async () => {
    const ids = [randomAccountId(), randomAccountId()];
    const fake = fakeOrganization(
      ids.map((id, i) => ({ id, name: `pace-${i}`, regions: ["us-east-1", "eu-west-1"] })),
      { managementId: randomAccountId() },
    );
    restore = fake.restore;
    const org = await createOrganization(handle.db);
    for (const id of ids) {
      await createAccount(handle.db, org.id, { id });
      for (let i = 0; i < 5; i++) await createCanaryKey(handle.db, { ownerAccountId: id, iamUserName: `c${i}` });
    }
    const settings = collectorSettings(
      parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9", POSTURE_REGIONS: "" }),
    );
    const ct = cloudTrailAtItsLimit();
    const out = await runCanaryCycle({
      db: handle.db,
      aws: createAwsFactory(settings, { requestHandler: ct }),
      settings,
      pacers: new LookupPacers(),
      accountIds: ids,
    });
    // 2 accounts × 2 regions × 5 canaries, one page each, in four parallel lanes.
    expect(ct.seen.calls).toBe(20);
    expect(ct.seen.throttled).toBe(0);
    expect(out).toMatchObject({ canaries: 10, throttled: 0, notChecked: 0 });
    expect(ct.seen.perBucket.size).toBe(4);
    for (const times of ct.seen.perBucket.values())
      for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(990);
  });

  it("shares the pacers with an on-demand lookup running at the same time: none throttled", async () => {
    const id = randomAccountId();
    const fake = fakeOrganization([{ id, name: "pace-lookup", regions: ["us-east-1", "eu-west-1"] }], {
      managementId: randomAccountId(),
    });
    restore = fake.restore;
    const org = await createOrganization(handle.db);
    await createAccount(handle.db, org.id, { id });
    for (let i = 0; i < 3; i++) await createCanaryKey(handle.db, { ownerAccountId: id, iamUserName: `l${i}` });
    const settings = collectorSettings(
      parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9", POSTURE_REGIONS: "" }),
    );
    const ct = cloudTrailAtItsLimit();
    const aws = createAwsFactory(settings, { requestHandler: ct });
    const pacers = new LookupPacers();
    const units: LookupUnit[] = [];
    const now = new Date();
    const [cycle] = await Promise.all([
      runCanaryCycle({ db: handle.db, aws, settings, pacers, accountIds: [id] }),
      readLookupAccount(
        { aws, settings, pacers },
        { id, roleArn: null, isManagement: false },
        { attribute: "Username", subject: "leaky", start: new Date(now.getTime() - 86_400_000), end: now },
        async (u) => {
          units.push(u);
        },
      ),
    ]);
    // Per region: 3 canary looks and 6 lookup pages, through one pacer per account × region.
    expect(ct.seen.lookupPages).toBe(12);
    expect(ct.seen.calls).toBe(18);
    expect(ct.seen.throttled).toBe(0);
    expect(cycle).toMatchObject({ canaries: 3, throttled: 0, notChecked: 0 });
    expect(units.map((u) => [u.region, u.problem, u.capped]).sort()).toEqual([
      ["eu-west-1", undefined, false],
      ["us-east-1", undefined, false],
    ]);
    for (const times of ct.seen.perBucket.values())
      for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(990);
  });
});
