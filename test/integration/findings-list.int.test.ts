import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eq } from "drizzle-orm";
import { findingsFilter, type FindingsFilter } from "@/lib/contracts/findings-filter";
import {
  cursorLength,
  decodeCursor,
  encodeCursor,
  findingSorts,
  type FindingSort,
} from "@/lib/contracts/findings-list";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import {
  countFindingFacets,
  listFindingGroups,
  listFindingsPage,
  type FindingsPageRow,
} from "@/lib/db/queries/findings";
import { scopeToAccounts, type AccountScope } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { severities, type Severity } from "@/lib/domain/vocabulary";
import { createAccount, createCheck, createFinding, createOrganization } from "../factories";

let handle: DatabaseHandle;
let db: Db;
const now = new Date("2026-06-15T12:00:00Z");
const day = 86_400_000;
let scope: AccountScope;
let prod: string;
let dev: string;
const checkIds: string[] = [];
const tag = randomUUID().slice(0, 8);

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db);
  prod = (await createAccount(db, org.id, { environment: "prod", name: `prod-${tag}` })).id;
  dev = (await createAccount(db, org.id, { environment: "dev", name: `dev-${tag}` })).id;
  scope = scopeToAccounts([prod, dev]);
  for (const [service, title] of [
    ["s3", `Bucket is public ${tag}`],
    ["iam", `Root has no MFA ${tag}`],
    ["ec2", `SSH open to the world ${tag}`],
  ])
    checkIds.push((await createCheck(db, { service, title })).id);
  // 60 findings with ties on every sort key (same first seen, same severity), so ids break them.
  for (let i = 0; i < 60; i++) {
    await createFinding(db, {
      checkId: checkIds[i % 3]!,
      accountId: i % 4 === 0 ? prod : dev,
      severity: severities[i % 4] as Severity,
      status: i % 10 === 9 ? "RESOLVED" : i % 7 === 0 ? "ACKNOWLEDGED" : "NEW",
      region: i % 5 === 0 ? "eu-west-1" : "us-east-1",
      resourceId: `arn:aws:test:::${tag}-res-${String(i).padStart(2, "0")}`,
      resourceType: i % 3 === 0 ? "AWS::S3::Bucket" : "AWS::IAM::User",
      firstSeenAt: new Date(now.getTime() - (i % 6) * day),
      lastSeenAt: new Date(now.getTime() - (i % 5) * 3_600_000),
      dueAt: i % 3 === 2 ? null : new Date(now.getTime() + ((i % 11) - 3) * day),
      evidence: { note: `evidence-${i}` },
    });
  }
});

afterAll(async () => {
  await handle.close();
});

const filterOf = (raw: Record<string, unknown> = {}) => findingsFilter.parse(raw);

async function readAll(sort: FindingSort, dir: "asc" | "desc" | undefined, filter: FindingsFilter, limit = 7) {
  const seen: FindingsPageRow[] = [];
  let after: string[] | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listFindingsPage(db, scope, { filter, userId: null, now, sort, dir, after, limit });
    seen.push(...page.rows);
    if (!page.next) return seen;
    // Through the cursor's wire form, as the page and the API see it.
    after = decodeCursor(encodeCursor(page.next), cursorLength[sort])!;
  }
  throw new Error("pagination never ended");
}

const rank = (sev: Severity) => severities.indexOf(sev);
const keyOf: Record<FindingSort, (r: FindingsPageRow) => (string | number)[]> = {
  severity: (r) => [rank(r.severity), r.firstSeenAt.getTime(), r.id],
  firstSeen: (r) => [r.firstSeenAt.getTime(), r.id],
  lastSeen: (r) => [r.lastSeenAt.getTime(), r.id],
  account: (r) => [r.accountId, rank(r.severity), r.id],
  check: (r) => [r.checkId, rank(r.severity), r.id],
  due: (r) => [r.dueAt?.getTime() ?? Number.POSITIVE_INFINITY, r.id],
};
const compare = (a: (string | number)[], b: (string | number)[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
};

describe("listFindingsPage (keyset pagination)", () => {
  it.each(findingSorts.flatMap((sort) => [[sort, "asc"] as const, [sort, "desc"] as const]))(
    "pages through every row once, in order, by %s %s",
    async (sort, dir) => {
      const rows = await readAll(sort, dir, filterOf());
      expect(rows).toHaveLength(60);
      expect(new Set(rows.map((r) => r.id)).size).toBe(60);
      const keys = rows.map(keyOf[sort]);
      for (let i = 1; i < keys.length; i++)
        expect(compare(keys[i - 1]!, keys[i]!) * (dir === "desc" ? -1 : 1)).toBe(-1);
    },
  );

  it("applies the filter and reads the SLA state and assignee", async () => {
    const rows = await readAll("severity", undefined, filterOf({ status: ["NEW"], environment: ["prod"] }), 5);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "NEW" && r.accountId === prod && r.environment === "prod")).toBe(true);
    for (const r of rows) {
      const expected =
        !r.dueAt || r.dueAt.getTime() >= now.getTime() + 7 * day ? "on_time" : r.dueAt < now ? "overdue" : "due_soon";
      expect(r.sla).toBe(expected);
    }
    const resolved = await readAll("severity", undefined, filterOf({ status: ["RESOLVED"] }));
    expect(resolved.every((r) => r.sla === null)).toBe(true);
  });

  it("never repeats or skips a row while findings change between pages", async () => {
    const filter = filterOf({ status: ["NEW", "ACKNOWLEDGED"] });
    const first = await listFindingsPage(db, scope, {
      filter,
      userId: null,
      now,
      sort: "lastSeen",
      after: undefined,
      limit: 10,
    });
    // A row already read moves to the top (seen again) and a new one appears: neither shifts the next page.
    await db
      .update(s.findings)
      .set({ lastSeenAt: new Date(now.getTime() + day) })
      .where(eq(s.findings.id, first.rows[3]!.id));
    const fresh = await createFinding(db, {
      checkId: checkIds[0]!,
      accountId: dev,
      resourceId: `arn:aws:test:::${tag}-late`,
      lastSeenAt: new Date(now.getTime() + 2 * day),
    });
    const rest: FindingsPageRow[] = [];
    let after = first.next ?? undefined;
    while (after) {
      const page = await listFindingsPage(db, scope, { filter, userId: null, now, sort: "lastSeen", after, limit: 10 });
      rest.push(...page.rows);
      after = page.next ?? undefined;
    }
    const ids = [...first.rows, ...rest].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const open = await readAll("lastSeen", undefined, filter, 100);
    // Every row open before the change is read exactly once; the new one (before the cursor) waits for a reload.
    expect(ids.sort()).toEqual(
      open
        .map((r) => r.id)
        .filter((id) => id !== fresh.id)
        .sort(),
    );
    await db.delete(s.findings).where(eq(s.findings.id, fresh.id));
  });

  it("rejects a cursor it did not write", () => {
    expect(decodeCursor("not-a-cursor", 3)).toBeNull();
    expect(decodeCursor(encodeCursor(["a", "b"]), 3)).toBeNull();
    expect(decodeCursor(encodeCursor(["a", "b", "c"]), 3)).toEqual(["a", "b", "c"]);
  });
});

describe("countFindingFacets", () => {
  it("counts each facet under every filter but its own, within the scope", async () => {
    const facets = await countFindingFacets(db, scope, {
      filter: filterOf({ severity: ["critical"], status: ["NEW"] }),
      userId: null,
      now,
    });
    const all = await readAll("severity", undefined, filterOf({ status: ["NEW"] }), 100);
    const bySeverity = Object.fromEntries(facets.severity.map((f) => [f.value, f.count]));
    for (const sev of severities) expect(bySeverity[sev] ?? 0).toBe(all.filter((r) => r.severity === sev).length);
    const critical = all.filter((r) => r.severity === "critical");
    expect(facets.environment.reduce((n, f) => n + f.count, 0)).toBe(critical.length);
    expect(facets.account.find((f) => f.value === prod)?.label).toBe(`prod-${tag}`);
    expect(facets.check.map((f) => f.label).every((l) => l.endsWith(tag))).toBe(true);
    const statusTotal = facets.status.reduce((n, f) => n + f.count, 0);
    const criticalAny = await readAll("severity", undefined, filterOf({ severity: ["critical"] }), 100);
    expect(statusTotal).toBe(criticalAny.length);
    const other = await countFindingFacets(db, scopeToAccounts([]), { filter: filterOf(), userId: null, now });
    expect(Object.values(other).flat()).toEqual([]);
  });
});

describe("listFindingGroups", () => {
  it("makes one row per check with its accounts, worst severity and environment, and SLA state", async () => {
    const filter = filterOf({ status: ["NEW", "ACKNOWLEDGED"] });
    const groups = await listFindingGroups(db, scope, { filter, userId: null, now, by: "check", limit: 100 });
    const rows = await readAll("severity", undefined, filter, 100);
    expect(groups.map((g) => g.key).sort()).toEqual([...checkIds].sort());
    for (const g of groups) {
      const mine = rows.filter((r) => r.checkId === g.key);
      expect(g.findings).toBe(mine.length);
      expect(g.accounts).toBe(new Set(mine.map((r) => r.accountId)).size);
      expect(g.severity).toBe(severities[Math.min(...mine.map((r) => rank(r.severity)))]);
      expect(g.worstEnvironment).toBe(mine.some((r) => r.environment === "prod") ? "prod" : "dev");
      expect(g.oldestFirstSeen.getTime()).toBe(Math.min(...mine.map((r) => r.firstSeenAt.getTime())));
      expect(g.overdue).toBe(mine.filter((r) => r.sla === "overdue").length);
      expect(g.sla).toBe(
        mine.some((r) => r.sla === "overdue")
          ? "overdue"
          : mine.some((r) => r.sla === "due_soon")
            ? "due_soon"
            : "on_time",
      );
    }
    // Worst first.
    const ranks = groups.map((g) => rank(g.severity));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it("makes one row per account in the per-account view", async () => {
    const filter = filterOf({ status: ["NEW", "ACKNOWLEDGED"] });
    const groups = await listFindingGroups(db, scope, { filter, userId: null, now, by: "account", limit: 100 });
    expect(groups.map((g) => g.key).sort()).toEqual([prod, dev].sort());
    expect(groups.find((g) => g.key === prod)?.label).toBe(`prod-${tag}`);
    expect(groups.reduce((n, g) => n + g.findings, 0)).toBe((await readAll("severity", undefined, filter, 100)).length);
  });
});
