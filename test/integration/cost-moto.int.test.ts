import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsFactory } from "@/lib/aws/factory";
import { runCostCollection } from "@/lib/collector/cost-run";
import { collectorSettings } from "@/lib/collector/settings";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { listCostRuns } from "@/lib/db/queries/cost-runs";
import { listCostIncidents } from "@/lib/db/queries/costs";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { parseEnv } from "@/lib/env";
import { createAccount, createOrganization } from "../factories";
import { startOwnMoto } from "../moto-server";
import { createTestDatabase } from "../postgres";

// The scheduled cost collection against moto: STS AssumeRole into the management account and Cost
// Explorer answering from results preset through moto's API (one per distinct request, in order).

const MANAGEMENT = "123456789012";
const MEMBER = "210987654321";
const EC2 = "Amazon Elastic Compute Cloud - Compute";
const NOW = new Date("2026-11-20T06:00:00Z");
const SPIKE = "2026-11-10";
const DAY_MS = 86_400_000;
const days = (start: string, end: string) =>
  Array.from({ length: Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) }, (_, i) =>
    new Date(Date.parse(start) + i * DAY_MS).toISOString().slice(0, 10),
  );
const shift = (day: string, n: number) => new Date(Date.parse(day) + n * DAY_MS).toISOString().slice(0, 10);
const cost = (amount: number) => ({ UnblendedCost: { Amount: amount.toFixed(4), Unit: "USD" } });

let moto: { url: string; stop: () => Promise<void> };
let handle: DatabaseHandle;
let drop: () => Promise<void>;
let db: Db;

beforeAll(async () => {
  moto = await startOwnMoto();
  // The hub identity moto knows (account 123456789012), as the SDK's default chain reads it.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  });
  const database = await createTestDatabase("posture_cost_moto");
  drop = () => database.drop();
  handle = await openDatabase({ url: database.url });
  db = handle.db;
  const org = await createOrganization(db, { managementAccountId: MANAGEMENT });
  await createAccount(db, org.id, { id: MANAGEMENT, isManagement: true, environment: "prod" });
  await createAccount(db, org.id, { id: MEMBER, environment: "dev" });
}, 60_000);
afterAll(async () => {
  await handle?.close();
  await drop?.();
  await moto?.stop();
});

/** 13 months of a weekly-seasonal bill for two accounts, with one GPU burst in the member account. */
function bill() {
  const all = days("2025-11-01", "2026-11-20");
  const byDay = all.map((d) => {
    const weekend = [0, 6].includes(new Date(d).getUTCDay());
    return {
      TimePeriod: { Start: d, End: shift(d, 1) },
      Groups: [
        { Keys: [MANAGEMENT, EC2], Metrics: cost(weekend ? 80 : 100) },
        { Keys: [MEMBER, EC2], Metrics: cost((weekend ? 40 : 50) + (d === SPIKE ? 1900 : 0)) },
        { Keys: [MEMBER, "AWS Lambda"], Metrics: cost(d === "2026-01-15" ? -12 : 3) },
      ],
      Estimated: d >= "2026-11-15",
    };
  });
  const half = Math.ceil(byDay.length / 2);
  // Root cause of the burst: usage type × region over the week before and the day itself.
  const rootCause = {
    ResultsByTime: days(shift(SPIKE, -7), shift(SPIKE, 1)).map((d) => ({
      TimePeriod: { Start: d, End: shift(d, 1) },
      Groups: [
        { Keys: ["BoxUsage:m7g.large", "us-east-1"], Metrics: cost(50) },
        ...(d === SPIKE ? [{ Keys: ["APS2-BoxUsage:p4d.24xlarge", "ap-southeast-2"], Metrics: cost(1900) }] : []),
      ],
    })),
  };
  return [
    { ResultsByTime: byDay.slice(0, half), NextPageToken: "page-2" },
    { ResultsByTime: byDay.slice(half) },
    rootCause,
  ];
}

describe("cost collection against moto", () => {
  it("backfills from preset Cost Explorer results, paged, and stores costs, a credit and the incident", async () => {
    const preset = await fetch(`${moto.url}/moto-api/static/ce/cost-and-usage-results`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account_id: MANAGEMENT, results: bill() }),
    });
    expect(preset.status).toBe(201);
    const settings = collectorSettings(
      parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_ENDPOINT_URL: moto.url }),
    );
    const outcome = await runCostCollection(
      { db, aws: createAwsFactory(settings), settings, now: () => NOW },
      { trigger: "schedule" },
    );
    // moto 5.2.1 has no GetAnomalyMonitors: the costs are in, and the run says the anomalies were not read.
    expect(outcome).toMatchObject({ kind: "finished", status: "partial" });

    const rows = await db.select().from(s.costDaily).where(eq(s.costDaily.accountId, MEMBER));
    expect(rows.find((r) => r.day === SPIKE && r.service === EC2)?.amount).toBe(1950);
    expect(rows.find((r) => r.day === "2026-01-15" && r.service === "AWS Lambda")?.amount).toBe(-12);
    expect(await db.$count(s.costDaily)).toBe(384 * 3);

    const [run] = await listCostRuns(db, { limit: 1 });
    expect(run).toMatchObject({
      status: "partial",
      backfill: true,
      payerAccount: MANAGEMENT,
      errorCode: "AnomaliesFailed",
      anomalyService: "failed",
    });
    expect(run!.requests - run!.rootCauseRequests - run!.anomalyRequests).toBe(2);

    const incidents = await listCostIncidents(db, ALL_ACCOUNTS, { limit: 50, accountId: MEMBER });
    const burst = incidents.find((i) => i.startDay === SPIKE && i.service === "Total");
    expect(burst).toBeDefined();
    expect(burst!.rootCause?.lines[0]).toMatchObject({
      usageType: "APS2-BoxUsage:p4d.24xlarge",
      region: "ap-southeast-2",
      delta: 1900,
    });
    expect(await listCostIncidents(db, ALL_ACCOUNTS, { limit: 50, accountId: MANAGEMENT })).toEqual([]);
  }, 120_000);
});
