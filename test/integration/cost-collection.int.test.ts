import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
} from "@aws-sdk/client-cost-explorer";
import { mockClient } from "aws-sdk-client-mock";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectCosts } from "@/lib/collector/costs";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { listCostIncidents } from "@/lib/db/queries/costs";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { createAccount, createOrganization } from "../factories";
import { createTestDatabase } from "../postgres";

// Cost Explorer answered by aws-sdk-client-mock from a simulated bill: paging, restated recent days,
// a credit, accounts the organization does not know, and the root-cause query of a new incident.

let handle: DatabaseHandle;
let drop: () => Promise<void>;
let db: Db;
let account: string;
const ceMock = mockClient(CostExplorerClient);
const ce = new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

beforeAll(async () => {
  // The collection reads the whole cost table: a database of its own.
  const database = await createTestDatabase("posture_cost_collection");
  drop = () => database.drop();
  handle = await openDatabase({ url: database.url });
  db = handle.db;
  const org = await createOrganization(db);
  account = (await createAccount(db, org.id, { environment: "prod" })).id;
});
afterAll(async () => {
  ceMock.restore();
  await handle.close();
  await drop();
});

const DAY_MS = 86_400_000;
const days = (start: string, end: string) =>
  Array.from({ length: (Date.parse(end) - Date.parse(start)) / DAY_MS }, (_, i) =>
    new Date(Date.parse(start) + i * DAY_MS).toISOString().slice(0, 10),
  );
const EC2 = "Amazon Elastic Compute Cloud - Compute";

/** The simulated bill: `restated` changes what recent days say; a spike on `spikeDay`. */
function answer(bill: { spikeDay: string; restated: boolean; pageSize: number }) {
  return (input: GetCostAndUsageCommandInput) => {
    const { Start, End } = input.TimePeriod!;
    if (input.Filter) {
      return {
        ResultsByTime: days(Start!, End!).map((d) => ({
          TimePeriod: { Start: d },
          Groups: [
            { Keys: ["BoxUsage:m7g.large", "us-east-1"], Metrics: { UnblendedCost: { Amount: "200", Unit: "USD" } } },
            ...(d === bill.spikeDay
              ? [
                  {
                    Keys: ["APS2-BoxUsage:p4d.24xlarge", "ap-southeast-2"],
                    Metrics: { UnblendedCost: { Amount: "2400", Unit: "USD" } },
                  },
                ]
              : []),
          ],
        })),
      };
    }
    const all = days(Start!, End!).map((d) => {
      const weekly = new Date(d).getUTCDay() % 6 === 0 ? 0.8 : 1;
      const ec2 = 200 * weekly + (d === bill.spikeDay ? 2400 : 0) + (bill.restated ? 1 : 0);
      const groups = [
        { Keys: [account, EC2], Metrics: { UnblendedCost: { Amount: String(ec2), Unit: "USD" } } },
        { Keys: ["999999999999", EC2], Metrics: { UnblendedCost: { Amount: "5", Unit: "USD" } } },
        ...(bill.restated
          ? []
          : [{ Keys: [account, "Tax"], Metrics: { UnblendedCost: { Amount: "3", Unit: "USD" } } }]),
      ];
      return { TimePeriod: { Start: d }, Groups: groups };
    });
    const page = Number(input.NextPageToken ?? 0);
    const slice = all.slice(page * bill.pageSize, (page + 1) * bill.pageSize);
    const more = (page + 1) * bill.pageSize < all.length;
    return { ResultsByTime: slice, NextPageToken: more ? String(page + 1) : undefined };
  };
}

describe("collectCosts", () => {
  it("backfills 13 months on the first run, paged, then re-fetches only the recent days", async () => {
    const now = new Date("2026-12-07T06:00:00Z");
    ceMock.on(GetCostAndUsageCommand).callsFake(answer({ spikeDay: "2026-12-04", restated: false, pageSize: 100 }));
    const first = await collectCosts(db, ce, { unusedRegions: ["ap-southeast-2"], now });
    expect(first).toMatchObject({
      backfill: true,
      from: "2025-12-01",
      to: "2026-12-06",
      accounts: 1,
      unknownAccounts: 1,
    });
    // 371 days at 100 days a page: 4 pages, and one root-cause query for the one new incident.
    expect(first.requests).toBe(5);
    expect(first.rootCauseRequests).toBe(1);
    const incidents = await listCostIncidents(db, ALL_ACCOUNTS, { limit: 10, accountId: account });
    const total = incidents.find((i) => i.service === "Total")!;
    expect(total).toMatchObject({ startDay: "2026-12-04", labels: ["possible_hijack"] });
    expect(total.rootCause?.lines[0]).toMatchObject({ usageType: "APS2-BoxUsage:p4d.24xlarge", delta: 2400 });

    // The next day: only the last five days, restated (EC2 +$1, Tax gone), and no new root-cause query.
    ceMock.reset();
    ceMock.on(GetCostAndUsageCommand).callsFake(answer({ spikeDay: "2026-12-04", restated: true, pageSize: 100 }));
    const next = await collectCosts(db, ce, {
      unusedRegions: ["ap-southeast-2"],
      now: new Date("2026-12-08T06:00:00Z"),
    });
    expect(next).toMatchObject({
      backfill: false,
      from: "2026-12-02",
      to: "2026-12-07",
      requests: 1,
      rootCauseRequests: 0,
    });
    const held = await db
      .select()
      .from(s.costDaily)
      .where(and(eq(s.costDaily.accountId, account), eq(s.costDaily.day, "2026-12-05")));
    // A Saturday: 0.8 × 200, restated +1.
    expect(held.map((r) => [r.service, r.amount])).toEqual([[EC2, 161]]);
    const older = await db
      .select()
      .from(s.costDaily)
      .where(and(eq(s.costDaily.accountId, account), eq(s.costDaily.day, "2026-11-30")));
    expect(older.map((r) => r.service).sort()).toEqual([EC2, "Tax"]);
    expect(await db.$count(s.costDaily, eq(s.costDaily.accountId, "999999999999"))).toBe(0);
  });
});
