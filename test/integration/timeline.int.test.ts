/** The account timeline on known data: every kind, who did what, filters, and keyset pages without gaps. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { createRun } from "@/lib/db/queries/collection";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import { listTimeline, listTimelineTeams, type TimelineItem } from "@/lib/db/queries/timeline";
import { timelineKinds, type TimelineKind } from "@/lib/domain/timeline";
import type { Db } from "@/lib/db/types";
import {
  createAccount,
  createCanaryKey,
  createCheck,
  createFinding,
  createGuardDutyFinding,
  createOrganization,
  createTeam,
  createUser,
} from "../factories";

let handle: DatabaseHandle;
let db: Db;
const t = randomUUID().slice(0, 8);
const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const ids = { a: "", b: "", team: "", posture: `tl_posture_${t}`, activity: `tl_activity_${t}`, finding: "" };
const people = { suppressor: `Sam Suppressor ${t}`, assignee: `Ada Assignee ${t}`, member: "" };

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db, { name: `Timeline org ${t}` });
  ids.a = (await createAccount(db, org.id, { name: `tl-a-${t}`, environment: "prod" })).id;
  ids.b = (await createAccount(db, org.id, { name: `tl-b-${t}`, environment: "dev" })).id;
  const team = await createTeam(db, { name: `tl-team-${t}` });
  ids.team = team.id;
  await db.insert(s.teamScopes).values({ teamId: team.id, kind: "account", value: ids.a });
  const member = await createUser(db, { name: `Member ${t}` });
  people.member = member.id;
  await db.insert(s.teamMembers).values({ teamId: team.id, userId: member.id });
  const suppressor = await createUser(db, { name: people.suppressor });
  const assignee = await createUser(db, { name: people.assignee });

  await createCheck(db, { id: ids.posture, title: `Bucket is public ${t}` });
  await createCheck(db, { id: ids.activity, title: `Root used ${t}` });
  for (const account of [ids.a, ids.b]) {
    const f = await createFinding(db, { checkId: ids.posture, accountId: account, severity: "high" });
    if (account === ids.a) ids.finding = f.id;
    await db.insert(s.findingEvents).values([
      { findingId: f.id, kind: "status", fromStatus: null, toStatus: "NEW", occurredAt: daysAgo(5) },
      {
        findingId: f.id,
        kind: "status",
        fromStatus: "NEW",
        toStatus: "SUPPRESSED",
        actorId: suppressor.id,
        note: "risk accepted",
        occurredAt: daysAgo(3),
      },
      {
        findingId: f.id,
        kind: "assignment",
        actorId: suppressor.id,
        data: { from: null, to: assignee.id },
        occurredAt: daysAgo(2),
      },
      { findingId: f.id, kind: "comment", actorId: suppressor.id, note: "not on the timeline", occurredAt: daysAgo(2) },
    ]);
    const a = await createFinding(db, {
      checkId: ids.activity,
      accountId: account,
      severity: "critical",
      evidence: { action: "signin:ConsoleLogin", userName: "root", sourceIp: "198.51.100.7" },
    });
    await db
      .insert(s.findingEvents)
      .values({ findingId: a.id, kind: "status", fromStatus: null, toStatus: "NEW", occurredAt: daysAgo(1) });
    await createGuardDutyFinding(db, {
      accountId: account,
      type: "AttackSequence:IAM/CompromisedCredentials",
      title: `Sequence in ${account}`,
      severityLabel: "critical",
      severity: 9.2,
      firstSeenAt: daysAgo(4),
      lastSeenAt: daysAgo(4),
    });
    await db.insert(s.costIncidents).values({
      accountId: account,
      service: "Amazon Elastic Compute Cloud - Compute",
      kind: "spike",
      startDay: daysAgo(6).toISOString().slice(0, 10),
      lastDay: daysAgo(6).toISOString().slice(0, 10),
      endDay: daysAgo(6).toISOString().slice(0, 10),
      expected: 100,
      actual: 2100,
      impact: 2000,
      impactPerDay: 2000,
      impactPercent: 2000,
      score: 9,
      severity: "critical",
    });
    const key = await createCanaryKey(db, { ownerAccountId: account, label: `Canary of ${account}` });
    await db.insert(s.canaryEvents).values({
      id: randomUUID(),
      canaryKeyId: key.id,
      eventTime: daysAgo(2.5),
      eventName: "GetCallerIdentity",
      eventSource: "sts.amazonaws.com",
      sourceIp: "203.0.113.9",
    });
  }
  const run = await createRun(db, { organizationId: org.id, trigger: "manual", accountsTotal: 2, now: daysAgo(1.5) });
  await db.insert(s.runUnits).values([
    {
      runId: run,
      accountId: ids.a,
      region: "eu-west-1",
      status: "failed",
      errorCode: "AccessDenied",
      errorMessage: "not authorized",
      startedAt: daysAgo(1.5),
      finishedAt: daysAgo(1.5),
    },
    {
      runId: run,
      accountId: ids.a,
      region: "us-east-1",
      status: "ok",
      startedAt: daysAgo(1.5),
      finishedAt: daysAgo(1.5),
    },
  ]);
});

afterAll(async () => {
  await handle?.close();
});

const read = (over: Partial<Parameters<typeof listTimeline>[1]> = {}) =>
  listTimeline(db, {
    scope: scopeToAccounts([ids.a]),
    kinds: timelineKinds,
    from: daysAgo(10),
    to: daysAgo(-1),
    activityChecks: [ids.activity],
    limit: 100,
    ...over,
  });

describe("listTimeline", () => {
  it("puts every kind of one account on one axis, newest first, with who did what", async () => {
    const { items, more } = await read();
    expect(more).toBe(false);
    expect(items.every((i) => i.accountId === ids.a)).toBe(true);
    expect(items.map((i) => i.kind)).toEqual<TimelineKind[]>([
      "activity", // 1 day ago: the root sign-in
      "collection", // 1.5 days: AccessDenied in eu-west-1 (the ok unit is not shown)
      "posture", // 2 days: assignment (the comment is not a change of posture)
      "canary", // 2.5 days
      "posture", // 3 days: suppressed
      "guardduty", // 4 days: the attack sequence
      "posture", // 5 days: detected
      "cost", // 6 days
    ]);
    const [activity, collection, assigned, canary, suppressed, guardduty, detected, cost] = items as TimelineItem[];
    expect(activity!.extra).toMatchObject({ action: "signin:ConsoleLogin", principal: "root", to: "NEW" });
    expect(collection!).toMatchObject({ region: "eu-west-1", extra: { code: "AccessDenied", status: "failed" } });
    expect(assigned!).toMatchObject({
      actor: people.suppressor,
      extra: { event: "assignment", assignee: people.assignee },
    });
    expect(canary!).toMatchObject({ severity: "critical", extra: { action: "sts:GetCallerIdentity" } });
    expect(suppressed!).toMatchObject({
      actor: people.suppressor,
      ref: ids.finding,
      extra: { from: "NEW", to: "SUPPRESSED", note: "risk accepted" },
    });
    expect(guardduty!).toMatchObject({ severity: "critical", extra: { sequence: true } });
    expect(detected!).toMatchObject({ actor: null, extra: { from: null, to: "NEW" } });
    expect(cost!).toMatchObject({
      severity: "critical",
      title: "Cost incident: Amazon Elastic Compute Cloud - Compute",
    });
  });

  it("keeps to the kinds, the days and the accounts asked for", async () => {
    expect((await read({ kinds: ["activity"] })).items.map((i) => i.kind)).toEqual(["activity"]);
    expect((await read({ kinds: ["posture"] })).items.map((i) => i.kind)).toEqual(["posture", "posture", "posture"]);
    expect((await read({ from: daysAgo(3.5) })).items).toHaveLength(5);
    const both = scopeToAccounts([ids.a, ids.b]);
    expect((await read({ scope: both })).items).toHaveLength(15); // B has no collection failure
    const team = await read({ scope: both, team: ids.team });
    expect(new Set(team.items.map((i) => i.accountId))).toEqual(new Set([ids.a]));
    const dev = await read({ scope: both, environment: "dev" });
    expect(new Set(dev.items.map((i) => i.accountId))).toEqual(new Set([ids.b]));
    expect((await read({ scope: both, account: ids.b, team: ids.team })).items).toEqual([]);
    expect((await read({ scope: scopeToAccounts([]) })).items).toEqual([]);
  });

  it("pages by keyset with no gap and no repeat", async () => {
    const all = (await read({ scope: scopeToAccounts([ids.a, ids.b]) })).items.map((i) => i.key);
    const paged: string[] = [];
    let before: { at: Date; key: string } | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await read({ scope: scopeToAccounts([ids.a, ids.b]), limit: 2, before });
      paged.push(...page.items.map((i) => i.key));
      if (!page.more) break;
      const last = page.items.at(-1)!;
      before = { at: last.at, key: last.key };
    }
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
  });

  it("pages through one run's events that share a single time, in key order, none lost", async () => {
    const org = await createOrganization(db, { name: `Timeline same-time org ${t}` });
    const c = (await createAccount(db, org.id, { name: `tl-c-${t}`, environment: "staging" })).id;
    const at = daysAgo(1);
    for (let i = 0; i < 7; i++) {
      const f = await createFinding(db, { checkId: ids.posture, accountId: c, severity: "low" });
      await db
        .insert(s.findingEvents)
        .values({ findingId: f.id, kind: "status", toStatus: "RESOLVED", occurredAt: at });
    }
    const scope = scopeToAccounts([c]);
    const all = (await read({ scope })).items;
    expect(all).toHaveLength(7);
    expect(all.every((i) => i.at.getTime() === at.getTime() && i.kind === "posture")).toBe(true);
    expect(all.map((i) => i.key)).toEqual(
      all
        .map((i) => i.key)
        .sort()
        .reverse(),
    );
    const paged: string[] = [];
    let before: { at: Date; key: string } | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await read({ scope, limit: 3, before });
      paged.push(...page.items.map((i) => i.key));
      if (!page.more) break;
      before = { at: page.items.at(-1)!.at, key: page.items.at(-1)!.key };
    }
    expect(paged).toEqual(all.map((i) => i.key));
  });

  it("offers a member their own teams and an admin every team", async () => {
    expect((await listTimelineTeams(db, { userId: people.member, all: false })).map((x) => x.id)).toEqual([ids.team]);
    expect((await listTimelineTeams(db, { userId: people.member, all: true })).map((x) => x.id)).toContain(ids.team);
  });
});
