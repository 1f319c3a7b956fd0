/**
 * The daily compliance rollup: written with each account's snapshot from its latest check outcomes
 * and the checks' framework references, on both drivers, and read back within the viewer's scope.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { writeAccountSnapshot } from "@/lib/collector/snapshot";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { createRun, registerUnits } from "@/lib/db/queries/collection";
import { listComplianceAccounts, listComplianceStats, listComplianceTrend } from "@/lib/db/queries/compliance";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import { createAccount, createCheck, createOrganization, createTeam } from "../factories";

const drivers = [
  { name: "PostgreSQL", open: () => openDatabase({ url: inject("databaseUrl") }) },
  { name: "PGlite", open: () => openDatabase({ dataDir: "memory://" }) },
];

describe.each(drivers)("compliance rollup on $name", ({ open }) => {
  let handle: DatabaseHandle;
  let org: string;
  const fw = `Test framework ${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    handle = await open();
    org = (await createOrganization(handle.db)).id;
  });
  afterAll(async () => {
    await handle.close();
  });

  async function collect(accountId: string, at: Date, stats: { checkId: string; passed: number; failed: number }[]) {
    const db = handle.db;
    const runId = await createRun(db, { organizationId: org, trigger: "manual", accountsTotal: 1, now: at });
    await registerUnits(db, runId, accountId, ["global"]);
    await writeAccountSnapshot(db, {
      runId,
      accountId,
      now: at,
      units: [
        {
          region: "global",
          status: "ok",
          startedAt: at,
          finishedAt: at,
          apiCalls: 1,
          throttledCalls: 0,
          resultsCount: 1,
        },
      ],
      failed: [],
      evaluated: stats.map((x) => ({ checkId: x.checkId, region: "global" })),
      checkStats: stats.map((x) => ({ ...x, notApplicable: 0 })),
    });
  }

  it("counts controls passed and failed per account and day, and reads them within scope", async () => {
    const db = handle.db;
    const a = await createCheck(db, { frameworks: [{ framework: fw, control: "1" }] });
    const b = await createCheck(db, {
      frameworks: [
        { framework: fw, control: "1" },
        { framework: fw, control: "2" },
      ],
    });
    const one = (await createAccount(db, org)).id;
    const two = (await createAccount(db, org, { environment: "prod" })).id;
    const team = await createTeam(db);
    await db.insert(s.teamScopes).values({ teamId: team.id, kind: "account", value: two });

    await collect(one, new Date("2026-03-01T06:00:00Z"), [
      { checkId: a.id, passed: 2, failed: 0 },
      { checkId: b.id, passed: 1, failed: 1 },
    ]);
    await collect(one, new Date("2026-03-02T06:00:00Z"), [
      { checkId: a.id, passed: 2, failed: 0 },
      { checkId: b.id, passed: 2, failed: 0 },
    ]);
    await collect(two, new Date("2026-03-02T06:00:00Z"), [{ checkId: a.id, passed: 0, failed: 3 }]);

    const all = await listComplianceTrend(db, { scope: scopeToAccounts([one, two]), framework: fw, days: 100_000 });
    const rows = all.map((r) => [r.accountId === one ? "one" : "two", r.day, r.passed, r.failed]);
    expect(rows.sort((x, y) => `${x[0]}${x[1]}`.localeCompare(`${y[0]}${y[1]}`))).toEqual([
      ["one", "2026-03-01", 0, 2],
      ["one", "2026-03-02", 2, 0],
      ["two", "2026-03-02", 0, 1],
    ]);
    const onlyTwo = await listComplianceTrend(db, { scope: scopeToAccounts([two]), framework: fw, days: 100_000 });
    expect(onlyTwo.map((r) => r.accountId)).toEqual([two]);
    expect(await listComplianceTrend(db, { scope: scopeToAccounts([]), framework: fw, days: 100_000 })).toEqual([]);

    const stats = await listComplianceStats(db, { scope: scopeToAccounts([two]) });
    expect(stats.map((x) => [x.checkId, x.failed])).toEqual([[a.id, 3]]);
    const accounts = await listComplianceAccounts(db, { scope: scopeToAccounts([one, two]) });
    // Other test files' teams may cover every prod account of the shared database: only ours is asserted.
    expect(accounts.find((x) => x.id === two)?.teams).toContain(team.name);
    expect(accounts.find((x) => x.id === one)?.teams).not.toContain(team.name);
  });
});
