import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetAnomalyMonitorsCommand,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
} from "@aws-sdk/client-cost-explorer";
import { mockClient } from "aws-sdk-client-mock";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { runCostCollection } from "@/lib/collector/cost-run";
import { collectorSettings } from "@/lib/collector/settings";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { latestAnomalyServiceState, listCostRuns } from "@/lib/db/queries/cost-runs";
import { listAwsAnomalies } from "@/lib/db/queries/costs";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { parseEnv } from "@/lib/env";
import { fakeOrganization, type FakeAccount } from "../aws-fake";
import { createAccount, createOrganization, randomAccountId } from "../factories";
import { createTestDatabase } from "../postgres";

// The scheduled cost collection as its own run kind, against a Cost Explorer answered by
// aws-sdk-client-mock: paged backfill, restated recent days, AccessDenied in the payer account.

let handle: DatabaseHandle;
let drop: () => Promise<void>;
let db: Db;
let restore: (() => void) | undefined;
const ceMock = mockClient(CostExplorerClient);
const management = randomAccountId();
const member = randomAccountId();
const EC2 = "Amazon Elastic Compute Cloud - Compute";
const DAY_MS = 86_400_000;
const days = (start: string, end: string) =>
  Array.from({ length: (Date.parse(end) - Date.parse(start)) / DAY_MS }, (_, i) =>
    new Date(Date.parse(start) + i * DAY_MS).toISOString().slice(0, 10),
  );

beforeAll(async () => {
  // A cost run reads the newest organization and the whole cost table: a database of its own.
  const database = await createTestDatabase("posture_cost_runs");
  drop = () => database.drop();
  handle = await openDatabase({ url: database.url });
  db = handle.db;
  const org = await createOrganization(db, { managementAccountId: management });
  await createAccount(db, org.id, { id: management, isManagement: true, environment: "prod" });
  await createAccount(db, org.id, { id: member, environment: "dev" });
});
afterEach(() => {
  restore?.();
  restore = undefined;
  ceMock.reset();
});
afterAll(async () => {
  ceMock.restore();
  await handle.close();
  await drop();
});

function deps(now: Date, accounts: FakeAccount[] = [{ id: management, name: "management" }]) {
  const fake = fakeOrganization(accounts, { managementId: management });
  restore = fake.restore;
  const settings = collectorSettings(
    parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9" }),
  );
  return { db, aws: createAwsFactory(settings), settings, now: () => now };
}

/** A bill of two accounts, `perPage` days a page; `bump` restates every day's EC2 line. */
function bill(opts: { perPage: number; bump: number }) {
  const calls: GetCostAndUsageCommandInput[] = [];
  ceMock.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => {
    calls.push(input);
    const all = days(input.TimePeriod!.Start!, input.TimePeriod!.End!);
    if (input.Filter) return { ResultsByTime: all.map((d) => ({ TimePeriod: { Start: d }, Groups: [] })) };
    const start = input.NextPageToken ? Number(input.NextPageToken) : 0;
    const slice = all.slice(start, start + opts.perPage);
    return {
      ResultsByTime: slice.map((d) => ({
        TimePeriod: { Start: d },
        Groups: [
          { Keys: [management, EC2], Metrics: { UnblendedCost: { Amount: String(100 + opts.bump), Unit: "USD" } } },
          { Keys: [member, "AWS Lambda"], Metrics: { UnblendedCost: { Amount: "-2.5", Unit: "USD" } } },
        ],
      })),
      NextPageToken: start + opts.perPage < all.length ? String(start + opts.perPage) : undefined,
    };
  });
  return calls;
}

const costOn = (day: string) =>
  db
    .select({ amount: s.costDaily.amount })
    .from(s.costDaily)
    .where(eq(s.costDaily.day, day))
    .then((r) => r.map((x) => x.amount).sort());

describe("cost runs", () => {
  it("backfills 13 months paged, then re-fetches only the restated recent days, counting requests", async () => {
    const first = new Date("2026-11-20T06:00:00Z");
    const calls = bill({ perPage: 100, bump: 0 });
    ceMock.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    const outcome = await runCostCollection(deps(first), { trigger: "schedule" });
    expect(outcome).toMatchObject({ kind: "finished", status: "succeeded" });
    const dataCalls = calls.filter((c) => !c.Filter);
    expect(dataCalls[0]!.TimePeriod).toEqual({ Start: "2025-11-01", End: "2026-11-20" });
    // 384 days at 100 a page: 4 pages, each a billed request.
    expect(dataCalls).toHaveLength(4);
    expect(await costOn("2026-11-19")).toEqual([-2.5, 100]);
    const [run] = await listCostRuns(db, { limit: 1 });
    expect(run).toMatchObject({
      status: "succeeded",
      trigger: "schedule",
      payerAccount: management,
      backfill: true,
      fromDay: "2025-11-01",
      toDay: "2026-11-19",
      // Each GetCostAndUsage page, and the one look for a Cost Anomaly Detection monitor.
      requests: calls.length + 1,
      anomalyService: "not_used",
      anomalyRequests: 1,
      errorCode: null,
    });

    ceMock.reset();
    const again = bill({ perPage: 100, bump: 7 });
    ceMock.on(GetAnomalyMonitorsCommand).rejects(
      Object.assign(new Error("not authorized to perform: ce:GetAnomalyMonitors"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const next = await runCostCollection(deps(new Date("2026-11-21T06:00:00Z")), { trigger: "manual" });
    expect(next).toMatchObject({ kind: "finished", status: "succeeded" });
    expect(again.filter((c) => !c.Filter)[0]!.TimePeriod).toEqual({ Start: "2026-11-15", End: "2026-11-21" });
    expect(await costOn("2026-11-15")).toEqual([-2.5, 107]);
    expect(await costOn("2026-11-14")).toEqual([-2.5, 100]);
    expect((await listCostRuns(db, { limit: 1 }))[0]).toMatchObject({
      status: "succeeded",
      anomalyService: "not_used",
      backfill: false,
      requests: again.length + 1,
      fromDay: "2026-11-15",
      toDay: "2026-11-20",
    });
  });

  it("reads Cost Anomaly Detection's anomalies, paged, for the accounts it knows", async () => {
    bill({ perPage: 100, bump: 0 });
    ceMock
      .on(GetAnomalyMonitorsCommand)
      .resolves({ AnomalyMonitors: [{ MonitorName: "services", MonitorType: "DIMENSIONAL" }] });
    const anomaly = (id: string, account: string, start: string, end?: string) => ({
      AnomalyId: id,
      AnomalyStartDate: `${start}T00:00:00Z`,
      AnomalyEndDate: end ? `${end}T00:00:00Z` : undefined,
      DimensionValue: EC2,
      RootCauses: [
        { Service: EC2, Region: "ap-southeast-2", LinkedAccount: account, UsageType: "APS2-BoxUsage:p4d.24xlarge" },
      ],
      AnomalyScore: { MaxScore: 0.9, CurrentScore: 0.4 },
      Impact: { MaxImpact: 1900, TotalImpact: 3800, TotalExpectedSpend: 100, TotalActualSpend: 3900 },
      MonitorArn: "arn:aws:ce::123:anomalymonitor/x",
    });
    ceMock
      .on(GetAnomaliesCommand)
      .resolvesOnce({ Anomalies: [anomaly("a-1", member, "2026-11-01", "2026-11-02")], NextPageToken: "p2" })
      .resolvesOnce({
        Anomalies: [anomaly("a-2", member, "2026-11-18"), anomaly("a-3", "999999999999", "2026-11-18")],
      });
    const outcome = await runCostCollection(deps(new Date("2026-11-21T08:00:00Z")), { trigger: "schedule" });
    expect(outcome).toMatchObject({ kind: "finished", status: "succeeded" });
    const pages = ceMock.commandCalls(GetAnomaliesCommand);
    expect(pages.map((c) => c.args[0].input.NextPageToken)).toEqual([undefined, "p2"]);
    expect(pages[0]!.args[0].input.DateInterval).toEqual({ StartDate: "2026-08-23", EndDate: "2026-11-21" });
    expect((await listCostRuns(db, { limit: 1 }))[0]).toMatchObject({ anomalyService: "used", anomalyRequests: 3 });
    expect(await latestAnomalyServiceState(db)).toBe("used");
    const stored = await listAwsAnomalies(db, ALL_ACCOUNTS, { from: "2026-10-01", to: "2026-11-20", limit: 10 });
    expect(stored.map((a) => [a.anomalyId, a.accountId, a.startDay, a.endDay, a.totalImpact]).sort()).toEqual([
      ["a-1", member, "2026-11-01", "2026-11-02", 3800],
      ["a-2", member, "2026-11-18", null, 3800],
    ]);
  });

  it("ends with AccessDenied when the payer refuses Cost Explorer, and deletes nothing", async () => {
    const before = await db.$count(s.costDaily);
    expect(before).toBeGreaterThan(0);
    ceMock.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error("User is not authorized to perform: ce:GetCostAndUsage"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const outcome = await runCostCollection(deps(new Date("2026-11-22T06:00:00Z")), { trigger: "schedule" });
    expect(outcome).toMatchObject({ kind: "finished", status: "failed" });
    expect((await listCostRuns(db, { limit: 1 }))[0]).toMatchObject({
      status: "failed",
      errorCode: "AccessDenied",
      requests: 1,
    });
    expect(await db.$count(s.costDaily)).toBe(before);
  });

  it("ends with RoleMissing when the management account's role cannot be assumed", async () => {
    const outcome = await runCostCollection(
      deps(new Date("2026-11-22T07:00:00Z"), [{ id: management, name: "management", roleMissing: true }]),
      { trigger: "schedule" },
    );
    expect(outcome).toMatchObject({ kind: "finished", status: "failed" });
    expect((await listCostRuns(db, { limit: 1 }))[0]).toMatchObject({ errorCode: "RoleMissing", requests: 0 });
    expect(ceMock.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
  });
});
