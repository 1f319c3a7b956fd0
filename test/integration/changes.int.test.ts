/** "What changed" on known data: each kind of change, what is left out, attribution to CloudTrail events, scope. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { createRun } from "@/lib/db/queries/collection";
import { latestCollectionDay, listChanges } from "@/lib/db/queries/changes";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import type { FindingStatus } from "@/lib/domain/vocabulary";
import { createAccount, createCheck, createFinding, createOrganization } from "../factories";

let handle: DatabaseHandle;
let db: Db;
const t = randomUUID().slice(0, 8);
const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const checks = { sg: `ch_sg_${t}`, admin: `ch_admin_${t}`, other: `ch_other_${t}` };
const ids = { a: "", b: "", f: {} as Record<string, string> };

async function finding(
  name: string,
  account: string,
  history: [number, FindingStatus | null, FindingStatus][],
  values: Partial<typeof s.findings.$inferInsert> = {},
) {
  const f = await createFinding(db, { checkId: checks.other, accountId: account, ...values });
  ids.f[name] = f.id;
  await db.insert(s.findingEvents).values(
    history.map(([ago, from, to]) => ({
      findingId: f.id,
      kind: "status" as const,
      fromStatus: from,
      toStatus: to,
      occurredAt: daysAgo(ago),
    })),
  );
}

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db, { name: `Changes org ${t}` });
  ids.a = (await createAccount(db, org.id, { name: `ch-a-${t}`, environment: "prod" })).id;
  ids.b = (await createAccount(db, org.id, { name: `ch-b-${t}`, environment: "dev" })).id;
  for (const id of Object.values(checks)) await createCheck(db, { id, title: `Check ${id}` });

  await finding("opened", ids.a, [[3, null, "NEW"]], {
    checkId: checks.sg,
    severity: "high",
    resourceId: `arn:aws:ec2:us-east-1:${ids.a}:security-group/sg-0abc${t}`,
  });
  await finding("resolved", ids.a, [
    [20, null, "NEW"],
    [2, "NEW", "RESOLVED"],
  ]);
  await finding("reopened", ids.a, [
    [30, null, "NEW"],
    [20, "NEW", "RESOLVED"],
    [1, "RESOLVED", "NEW"],
  ]);
  await finding("suppressed", ids.a, [
    [20, null, "NEW"],
    [4, "NEW", "SUPPRESSED"],
  ]);
  await finding("came-and-went", ids.a, [
    [3, null, "NEW"],
    [2, "NEW", "RESOLVED"],
  ]);
  await finding("acknowledged", ids.a, [
    [20, null, "NEW"],
    [3, "NEW", "ACKNOWLEDGED"],
  ]);
  await finding("old", ids.a, [[20, null, "NEW"]]);
  await finding("granted", ids.a, [[2, null, "NEW"]], {
    checkId: checks.admin,
    severity: "critical",
    resourceId: "arn:aws:iam::000000000000:user/eve",
    evidence: { eventId: `evt-grant-${t}` },
  });
  await finding("other-account", ids.b, [[3, null, "NEW"]]);

  await db.insert(s.cloudtrailEvents).values([
    {
      id: `evt-sg-${t}`,
      accountId: ids.a,
      region: "us-east-1",
      eventTime: daysAgo(3.1),
      eventName: "AuthorizeSecurityGroupIngress",
      eventSource: "ec2.amazonaws.com",
      principalArn: `arn:aws:iam::${ids.a}:user/mallory`,
      sourceIp: "198.51.100.20",
      details: { requestParameters: { groupId: `sg-0abc${t}` } },
    },
    {
      id: `evt-sg-failed-${t}`,
      accountId: ids.a,
      region: "us-east-1",
      eventTime: daysAgo(3.05),
      eventName: "AuthorizeSecurityGroupIngress",
      eventSource: "ec2.amazonaws.com",
      principalArn: `arn:aws:iam::${ids.a}:user/someone-else`,
      errorCode: "UnauthorizedOperation",
      details: { requestParameters: { groupId: `sg-0abc${t}` } },
    },
    {
      id: `evt-grant-${t}`,
      accountId: ids.a,
      region: "us-east-1",
      eventTime: daysAgo(2.2),
      eventName: "AttachUserPolicy",
      eventSource: "iam.amazonaws.com",
      userName: "ops-bot",
      accessKeyId: "AKIAEXAMPLEGRANT0001",
    },
  ]);
  const run = await createRun(db, { organizationId: org.id, trigger: "manual", accountsTotal: 1, now: daysAgo(1) });
  await db.insert(s.runUnits).values({
    runId: run,
    accountId: ids.a,
    region: "global",
    status: "ok",
    startedAt: daysAgo(1),
    finishedAt: daysAgo(0.9),
  });
});

afterAll(async () => {
  await handle?.close();
});

const read = (over: Partial<Parameters<typeof listChanges>[1]> = {}) =>
  listChanges(db, {
    scope: scopeToAccounts([ids.a]),
    from: daysAgo(7),
    to: now,
    attributeChecks: [checks.sg, checks.admin],
    limit: 100,
    ...over,
  });

describe("listChanges", () => {
  it("tells new, resolved, reopened and suppressed apart, and leaves out what ends where it began", async () => {
    const { counts, rows } = await read();
    expect(counts).toEqual({ new: 2, resolved: 1, reopened: 1, suppressed: 1 });
    const byFinding = Object.fromEntries(rows.map((r) => [r.findingId, r.change]));
    expect(byFinding).toEqual({
      [ids.f.opened!]: "new",
      [ids.f.granted!]: "new",
      [ids.f.resolved!]: "resolved",
      [ids.f.reopened!]: "reopened",
      [ids.f.suppressed!]: "suppressed",
    });
    // Worst first: the critical admin grant leads.
    expect(rows[0]!.findingId).toBe(ids.f.granted);
  });

  it("attributes an inventory change to the event that made it, by the finding's event id or its resource", async () => {
    const { rows } = await read();
    const of = (name: string) => rows.find((r) => r.findingId === ids.f[name])!;
    expect(of("granted").attribution).toMatchObject({
      eventId: `evt-grant-${t}`,
      eventName: "AttachUserPolicy",
      principal: "ops-bot",
      accessKeyId: "AKIAEXAMPLEGRANT0001",
    });
    // The successful call, not the later refused one.
    expect(of("opened").attribution).toMatchObject({
      eventId: `evt-sg-${t}`,
      principal: `arn:aws:iam::${ids.a}:user/mallory`,
      sourceIp: "198.51.100.20",
    });
    expect(of("resolved").attribution).toBeNull();
    // Checks outside the categories are never attributed.
    expect((await read({ attributeChecks: [] })).rows.every((r) => r.attribution === null)).toBe(true);
  });

  it("compares any two dates and keeps to the scope and filters", async () => {
    // From 2.5 days ago: the grant is new; the finding that opened 3 days ago now counts as resolved.
    const recent = await read({ from: daysAgo(2.5) });
    expect(recent.counts).toEqual({ new: 1, resolved: 2, reopened: 1, suppressed: 0 });
    const both = scopeToAccounts([ids.a, ids.b]);
    expect((await read({ scope: both })).counts.new).toBe(3);
    expect((await read({ scope: both, environment: "dev" })).rows.map((r) => r.findingId)).toEqual([
      ids.f["other-account"],
    ]);
    expect((await read({ scope: scopeToAccounts([]) })).counts).toEqual({
      new: 0,
      resolved: 0,
      reopened: 0,
      suppressed: 0,
    });
  });

  it("finds the latest collection in scope", async () => {
    expect((await latestCollectionDay(db, { scope: scopeToAccounts([ids.a]) }))?.getTime()).toBe(
      daysAgo(0.9).getTime(),
    );
    expect(await latestCollectionDay(db, { scope: scopeToAccounts([ids.b]) })).toBeNull();
  });
});
