/**
 * The demo loader goes through the collector's snapshot assembly: a demo day and a real collection
 * (assume role, regions, units, readers) of the same inventory write the same findings and counts.
 */
import { and, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GlobalInventory, RegionalInventory } from "@/lib/aws/inventory";
import { toStoredCheckSettings } from "@/lib/checks/settings";
import { checks, orgChecks } from "@/lib/checks/registry";
import { createCollectDeps } from "@/lib/collector/deps";
import { demoDate, loadDemoOrganization } from "@/lib/collector/demo";
import type { InventoryReader } from "@/lib/aws/inventory";
import { runCollection } from "@/lib/collector/run";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { CHECK_SETTINGS_KEY, putSetting } from "@/lib/db/queries/settings";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { DEMO_DAYS, demoInventory, demoOrganization } from "@/lib/demo/organization";
import { parseEnv } from "@/lib/env";
import { fakeOrganization } from "../aws-fake";
import { createTestDatabase } from "../postgres";

// Nothing the readers below do not serve may leave the machine.
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";

const now = new Date();
const day = DEMO_DAYS - 1;
const at = demoDate(day, now);
const ids = demoOrganization.accounts.map((a) => a.id);
type Inventory = { global: GlobalInventory; regions: Record<string, RegionalInventory> };
const inventories = new Map<string, Inventory>(ids.map((id) => [id, demoInventory(id, day, demoDate(day, now))]));

/** Readers that answer with the demo's inventory of that day, for every key it has. */
function demoReaders(): InventoryReader[] {
  const keys = (scope: "global" | "regional") =>
    new Set(
      [...inventories.values()].flatMap((inv) =>
        scope === "global" ? Object.keys(inv.global) : Object.values(inv.regions).flatMap((r) => Object.keys(r)),
      ),
    );
  const reader = (scope: "global" | "regional", key: string) =>
    ({
      key,
      scope,
      collect: async ({ accountId, region }: { accountId: string; region: string }) => {
        const inv = inventories.get(accountId)!;
        return ((scope === "global" ? inv.global : inv.regions[region]) as Record<string, unknown> | undefined)?.[key];
      },
    }) as unknown as InventoryReader;
  return [
    ...[...keys("global")].map((k) => reader("global", k)),
    ...[...keys("regional")].map((k) => reader("regional", k)),
  ];
}

const databases: { drop: () => Promise<void> }[] = [];
const handles: DatabaseHandle[] = [];
async function ownDatabase(prefix: string): Promise<Db> {
  const database = await createTestDatabase(prefix);
  databases.push(database);
  const handle = await openDatabase({ url: database.url });
  handles.push(handle);
  return handle.db;
}
let restore: (() => void) | undefined;
afterEach(() => restore?.());
afterAll(async () => {
  for (const h of handles) await h.close();
  for (const d of databases) await d.drop();
});

const postureCheckIds = [...checks, ...orgChecks].map((c) => c.id);

async function written(db: Db) {
  const findings = await db
    .select({
      id: s.findings.id,
      checkId: s.findings.checkId,
      accountId: s.findings.accountId,
      region: s.findings.region,
      resourceId: s.findings.resourceId,
      resourceType: s.findings.resourceType,
      severity: s.findings.severity,
      evidence: s.findings.evidence,
      firstSeenAt: s.findings.firstSeenAt,
      lastSeenAt: s.findings.lastSeenAt,
    })
    .from(s.findings)
    // What the checks found: the demo's triage story changes statuses, its CloudTrail story adds detections.
    .where(and(inArray(s.findings.accountId, ids), inArray(s.findings.checkId, postureCheckIds)));
  const stats = await db
    .select({
      accountId: s.checkAccountStats.accountId,
      checkId: s.checkAccountStats.checkId,
      passed: s.checkAccountStats.passed,
      failed: s.checkAccountStats.failed,
      notApplicable: s.checkAccountStats.notApplicable,
    })
    .from(s.checkAccountStats)
    .where(inArray(s.checkAccountStats.accountId, ids));
  const byKey = (a: { id?: string; accountId: string; checkId: string }) => a.id ?? `${a.accountId}/${a.checkId}`;
  const sort = <T extends { accountId: string; checkId: string }>(rows: T[]) =>
    rows.sort((a, b) => byKey(a).localeCompare(byKey(b)));
  return { findings: sort(findings), stats: sort(stats) };
}

describe("the demo organization and a collection of the same inventory", () => {
  let demo: Awaited<ReturnType<typeof written>>;
  let collected: Awaited<ReturnType<typeof written>>;

  beforeAll(async () => {
    const demoDb = await ownDatabase("posture_demo_day");
    await loadDemoOrganization(demoDb, { checks, orgChecks, now, days: 1 });
    demo = await written(demoDb);

    const db = await ownDatabase("posture_demo_collected");
    await putSetting(db, CHECK_SETTINGS_KEY, toStoredCheckSettings(demoOrganization.checkSettings));
    restore = fakeOrganization(
      demoOrganization.accounts.map((a) => ({
        id: a.id,
        name: a.name,
        tags: { ...a.tags, Environment: a.environment },
        regions: Object.keys(inventories.get(a.id)!.regions),
      })),
      { organizationId: demoOrganization.organizationId, managementId: demoOrganization.managementAccountId },
    ).restore;
    const deps = createCollectDeps(
      db,
      parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9" }),
    );
    deps.readers = demoReaders();
    deps.now = () => at;
    const result = await runCollection(deps, { trigger: "cli" });
    expect(result.run).toMatchObject({ status: "succeeded", accountsTotal: ids.length });
    collected = await written(db);
  }, 300_000);

  it("write the same findings, one by one", () => {
    expect(demo.findings.length).toBeGreaterThan(50);
    // Every account ends the story with something open (CIS v7.0's wider catalogue finds a gap in each).
    expect(new Set(demo.findings.map((f) => f.accountId)).size).toBe(ids.length);
    expect(collected.findings).toEqual(demo.findings);
  });

  it("count the same passes, failures and undecided results per check and account", () => {
    expect(demo.stats.length).toBeGreaterThan(100);
    expect(collected.stats).toEqual(demo.stats);
  });
});
