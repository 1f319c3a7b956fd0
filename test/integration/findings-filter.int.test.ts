import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, inArray } from "drizzle-orm";
import { filterFromSearchParams, filterToSearchParams, findingsFilter } from "@/lib/contracts/findings-filter";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { findingsWhere, type FilterContext } from "@/lib/db/queries/findings-filter";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { createAccount, createCheck, createFinding, createOrganization, createTeam, createUser } from "../factories";

let handle: DatabaseHandle;
let db: Db;
const now = new Date("2026-06-15T12:00:00Z");
const day = 86_400_000;
const ids: Record<string, string> = {};
let prod: string;
let dev: string;
let userId: string;
let teamId: string;
let checkA: string;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db);
  const suffix = randomUUID().slice(0, 8);
  const [parent] = await db
    .insert(s.organizationalUnits)
    .values({ id: `ou-p-${suffix}`, organizationId: org.id, name: "Workloads", path: "Root/Workloads" })
    .returning();
  await db.insert(s.organizationalUnits).values({
    id: `ou-c-${suffix}`,
    organizationId: org.id,
    parentId: parent!.id,
    name: "Prod",
    path: "Root/Workloads/Prod",
  });
  prod = (await createAccount(db, org.id, { environment: "prod", ouId: `ou-c-${suffix}` })).id;
  dev = (await createAccount(db, org.id, { environment: "dev" })).id;
  userId = (await createUser(db)).id;
  teamId = (await createTeam(db)).id;
  await db.insert(s.teamScopes).values({ teamId, kind: "environment", value: "prod" });
  checkA = (await createCheck(db, { service: "s3", title: `Bucket is public ${suffix}` })).id;
  const checkB = (await createCheck(db, { service: "iam" })).id;
  const mk = async (name: string, values: Parameters<typeof createFinding>[1]) => {
    ids[name] = (await createFinding(db, values)).id;
  };
  await mk("overdue", { checkId: checkA, accountId: prod, severity: "critical", dueAt: new Date(now.getTime() - day) });
  await mk("soon", {
    checkId: checkA,
    accountId: dev,
    severity: "high",
    dueAt: new Date(now.getTime() + 2 * day),
    assigneeId: userId,
    resourceId: "arn:aws:s3:::payroll_100%",
  });
  await mk("later", {
    checkId: checkB,
    accountId: dev,
    region: "eu-west-1",
    dueAt: new Date(now.getTime() + 60 * day),
    evidence: { policy: "AdministratorAccess" },
    firstSeenAt: new Date("2026-01-10T08:00:00Z"),
  });
  await mk("resolved", { checkId: checkB, accountId: prod, status: "RESOLVED", dueAt: new Date(now.getTime() - day) });
});

afterAll(async () => {
  await handle.close();
});

async function select(raw: Record<string, unknown>, ctx: Partial<FilterContext> = {}) {
  const filter = findingsFilter.parse(raw);
  const where = findingsWhere(filter, { scope: ALL_ACCOUNTS, userId, now, ...ctx });
  const rows = await db
    .select({ id: s.findings.id })
    .from(s.findings)
    .where(and(where, inArray(s.findings.id, Object.values(ids))));
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return rows.map((r) => byId[r.id]).sort();
}

describe("findingsWhere", () => {
  it("selects by account, environment, OU below the one asked, team and region", async () => {
    expect(await select({ account: [dev] })).toEqual(["later", "soon"]);
    expect(await select({ environment: ["prod"] })).toEqual(["overdue", "resolved"]);
    expect(await select({ ou: [(await ouOf(prod))!] })).toEqual(["overdue", "resolved"]);
    expect(await select({ team: [teamId] })).toEqual(["overdue", "resolved"]);
    expect(await select({ region: ["eu-west-1"] })).toEqual(["later"]);
  });

  it("selects by service, check, severity, status and assignee", async () => {
    expect(await select({ service: ["s3"] })).toEqual(["overdue", "soon"]);
    expect(await select({ check: [checkA], severity: ["critical"] })).toEqual(["overdue"]);
    expect(await select({ status: ["RESOLVED"] })).toEqual(["resolved"]);
    expect(await select({ assignee: ["me"] })).toEqual(["soon"]);
    expect(await select({ assignee: ["me"] }, { userId: null })).toEqual([]);
    expect(await select({ assignee: ["none"], status: ["NEW"] })).toEqual(["later", "overdue"]);
  });

  it("tells SLA states apart and counts only open findings", async () => {
    expect(await select({ sla: ["overdue"] })).toEqual(["overdue"]);
    expect(await select({ sla: ["due_soon"] })).toEqual(["soon"]);
    expect(await select({ sla: ["on_time"] })).toEqual(["later"]);
    expect(await select({ sla: ["overdue", "due_soon"] })).toEqual(["overdue", "soon"]);
  });

  it("takes date ranges as whole days and matches free text literally", async () => {
    expect(await select({ firstSeenFrom: "2026-01-10", firstSeenTo: "2026-01-10" })).toEqual(["later"]);
    expect(await select({ q: "administratoraccess" })).toEqual(["later"]);
    expect(await select({ q: "payroll_100%" })).toEqual(["soon"]);
    expect(await select({ q: "payroll_1000" })).toEqual([]);
    expect(await select({ q: "bucket is public" })).toEqual(["overdue", "soon"]);
  });

  it("never leaves the scope, whatever the filter asks", async () => {
    expect(await select({ account: [prod] }, { scope: scopeToAccounts([dev]) })).toEqual([]);
    expect(await select({}, { scope: scopeToAccounts([]) })).toEqual([]);
  });

  it("reads and writes the same query string", () => {
    const filter = findingsFilter.parse({ severity: ["critical", "high"], q: "bucket", sla: ["overdue"] });
    const params = filterToSearchParams(filter);
    expect(params.toString()).toBe("severity=critical&severity=high&sla=overdue&q=bucket");
    expect(findingsFilter.parse(filterFromSearchParams(params))).toEqual(filter);
    expect(findingsFilter.safeParse(filterFromSearchParams(new URLSearchParams("severity=urgent"))).success).toBe(
      false,
    );
  });
});

async function ouOf(account: string) {
  const [row] = await db
    .select({ ou: s.awsAccounts.ouId })
    .from(s.awsAccounts)
    .where(inArray(s.awsAccounts.id, [account]));
  // The parent of the account's OU: the filter must reach accounts in OUs below it.
  const [ou] = await db
    .select({ parent: s.organizationalUnits.parentId })
    .from(s.organizationalUnits)
    .where(inArray(s.organizationalUnits.id, [row!.ou!]));
  return ou!.parent;
}
