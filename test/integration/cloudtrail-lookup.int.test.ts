import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { LookupPacers } from "@/lib/collector/canary";
import { runCloudTrailLookup } from "@/lib/collector/lookup";
import { collectorSettings } from "@/lib/collector/settings";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { listSubjectEvents } from "@/lib/db/queries/activity";
import { createLookup, getLookup, listLookupAccountIds } from "@/lib/db/queries/lookups";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { fakeOrganization } from "../aws-fake";
import { createAccount, createOrganization, randomAccountId } from "../factories";

// The on-demand lookup job on PostgreSQL: it reads the accounts it was given, stores their events
// (so the investigation and its CSV show them), records a denied account as a partial result, and
// what it stored is read back only within a scope.

let handle: DatabaseHandle;
const ct = mockClient(CloudTrailClient);
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
});
afterAll(async () => {
  ct.restore();
  await handle.close();
});

describe("on-demand CloudTrail lookup job", () => {
  it("stores the events it reads, reports a denied account, and its events stay in scope", async () => {
    const [a, b, denied] = [randomAccountId(), randomAccountId(), randomAccountId()];
    const fake = fakeOrganization([
      { id: a, name: "a", regions: ["us-east-1", "eu-west-1"] },
      { id: b, name: "b", regions: ["us-east-1"] },
      { id: denied, name: "denied", regions: ["us-east-1"] },
    ]);
    const org = await createOrganization(handle.db);
    for (const id of [a, b, denied]) await createAccount(handle.db, org.id, { id, environment: "prod" });
    const user = `lookup-user-${randomUUID().slice(0, 8)}`;
    const when = new Date(Date.now() - 2 * 86_400_000);
    ct.on(LookupEventsCommand).callsFake(async (input, getClient) => {
      const client = getClient() as unknown as {
        config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> };
      };
      const region = await client.config.region();
      const account = (await client.config.credentials()).accessKeyId.replace(/^ASIA/, "");
      if (account === denied)
        throw Object.assign(new Error("not authorized to perform: cloudtrail:LookupEvents"), {
          name: "AccessDeniedException",
          $fault: "client",
          $metadata: { httpStatusCode: 400 },
        });
      expect(input.LookupAttributes).toEqual([{ AttributeKey: "Username", AttributeValue: user }]);
      return {
        Events: [
          {
            EventId: `${account}-${region}-${user}`,
            EventName: "SendEmail",
            EventSource: "ses.amazonaws.com",
            EventTime: when,
            Username: user,
            CloudTrailEvent: JSON.stringify({ awsRegion: region, sourceIPAddress: "198.51.100.4" }),
          },
        ],
      };
    });
    try {
      const env = parseEnv({
        AWS_ACCESS_KEY_ID: "testing",
        AWS_ENDPOINT_URL: "http://127.0.0.1:9",
        POSTURE_REGIONS: "",
      });
      const settings = collectorSettings(env);
      const accountIds = await listLookupAccountIds(handle.db, { scope: scopeToAccounts([a, b, denied]) });
      expect(accountIds.sort()).toEqual([a, b, denied].sort());
      const [requester] = await handle.db
        .insert(s.users)
        .values({ email: `${user}@example.com`, role: "triager" })
        .returning();
      const id = await createLookup(handle.db, {
        subject: user,
        attribute: "Username",
        days: 7,
        accountIds,
        requestedBy: requester!.id,
      });
      await runCloudTrailLookup(
        { db: handle.db, aws: createAwsFactory(settings), settings, pacers: new LookupPacers() },
        id,
      );
      const lookup = await getLookup(handle.db, { id, userId: requester!.id, admin: false });
      expect(lookup).toMatchObject({ status: "done", unitsTotal: 3, unitsDone: 3, events: 3, capped: false });
      expect(lookup!.problems).toEqual([
        expect.objectContaining({ accountId: denied, region: "us-east-1", code: "AccessDenied" }),
      ]);
      expect(await getLookup(handle.db, { id, userId: randomUUID(), admin: false })).toBeNull();

      const since = new Date(Date.now() - 7 * 86_400_000);
      const all = await listSubjectEvents(handle.db, {
        scope: scopeToAccounts([a, b]),
        filter: { q: user, since },
        limit: 50,
      });
      expect(all.map((r) => [r.accountId, r.region, r.eventName]).sort()).toEqual(
        [
          [a, "eu-west-1", "SendEmail"],
          [a, "us-east-1", "SendEmail"],
          [b, "us-east-1", "SendEmail"],
        ].sort(),
      );
      const onlyB = await listSubjectEvents(handle.db, {
        scope: scopeToAccounts([b]),
        filter: { q: user, since },
        limit: 50,
      });
      expect(onlyB.map((r) => r.accountId)).toEqual([b]);
    } finally {
      fake.restore();
    }
  });
});
