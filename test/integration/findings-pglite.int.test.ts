import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { countFindingFacets, iterateFindings, listFindingGroups, listFindingsPage } from "@/lib/db/queries/findings";
import { scopeToAccounts, type AccountScope } from "@/lib/db/queries/scope";
import { createAccount, createCheck, createFinding, createOrganization } from "../factories";

// The embedded mode runs the same Findings reads on PGlite: keyset pages, facets, groups, export batches.

let handle: DatabaseHandle;
let scope: AccountScope;
const now = new Date();

beforeAll(async () => {
  handle = await openDatabase({ dataDir: "memory://" });
  const org = await createOrganization(handle.db);
  const prod = await createAccount(handle.db, org.id, { environment: "prod" });
  scope = scopeToAccounts([prod.id]);
  const check = await createCheck(handle.db, { service: "s3", title: "Bucket is public" });
  for (let i = 0; i < 7; i++)
    await createFinding(handle.db, {
      checkId: check.id,
      accountId: prod.id,
      severity: i % 2 ? "high" : "critical",
      dueAt: new Date(now.getTime() - 3_600_000),
      evidence: { i },
    });
}, 60_000);
afterAll(async () => {
  await handle.close();
});

describe("findings reads on PGlite", () => {
  it("pages, counts, groups and exports", async () => {
    const read = { filter: {}, userId: null, now };
    const first = await listFindingsPage(handle.db, scope, { ...read, sort: "due", limit: 4 });
    const second = await listFindingsPage(handle.db, scope, { ...read, sort: "due", limit: 4, after: first.next! });
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(7);
    expect(second.next).toBeNull();
    const facets = await countFindingFacets(handle.db, scope, read);
    expect(facets.severity).toEqual([
      { value: "critical", label: "critical", count: 4 },
      { value: "high", label: "high", count: 3 },
    ]);
    expect(facets.sla).toEqual([{ value: "overdue", label: "overdue", count: 7 }]);
    const [group] = await listFindingGroups(handle.db, scope, { ...read, by: "check", limit: 10 });
    expect(group).toMatchObject({ findings: 7, accounts: 1, severity: "critical", sla: "overdue", overdue: 7 });
    const batches = [];
    for await (const batch of iterateFindings(handle.db, scope, { ...read, sort: "severity", batch: 3 }))
      batches.push(batch.map((r) => JSON.parse(r.evidence) as { i: number }));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
  });
});
