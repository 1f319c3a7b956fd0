import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { getFindingDetail } from "@/lib/db/queries/finding-detail";
import { listMyFindings } from "@/lib/db/queries/my-findings";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { createAccount, createCheck, createFinding, createOrganization, createUser } from "../factories";

// The detail page's and "My findings"' reads: limited to the scope, never hinting at other findings.

let handle: DatabaseHandle;
let db: Db;
const now = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
});
afterAll(async () => {
  await handle.close();
});

describe("finding detail", () => {
  it("answers a finding in scope with its history and the other resources in scope, and nothing outside it", async () => {
    const org = await createOrganization(db);
    const mine = (await createAccount(db, org.id, { environment: "prod" })).id;
    const theirs = (await createAccount(db, org.id)).id;
    const checkId = (await createCheck(db)).id;
    const user = await createUser(db, { name: "Ada" });
    const f = await createFinding(db, { checkId, accountId: mine });
    const sibling = await createFinding(db, { checkId, accountId: mine });
    const hidden = await createFinding(db, { checkId, accountId: theirs });
    await db.insert(s.findingEvents).values([
      { findingId: f.id, kind: "status", toStatus: "NEW", note: "Detected", occurredAt: new Date(now.getTime() - DAY) },
      { findingId: f.id, kind: "comment", actorId: user.id, note: "Owner notified", occurredAt: now },
    ]);
    const scope = scopeToAccounts([mine]);
    const detail = (await getFindingDetail(db, { id: f.id, scope }))!;
    expect(detail.account).toMatchObject({ id: mine, environment: "prod" });
    expect(detail.history.map((e) => [e.note, e.actor])).toEqual([
      ["Owner notified", "Ada"],
      ["Detected", null],
    ]);
    expect(detail.others.map((o) => o.id)).toEqual([sibling.id]);
    expect(detail.otherCount).toBe(1);
    expect(await getFindingDetail(db, { id: hidden.id, scope })).toBeUndefined();
    expect((await getFindingDetail(db, { id: hidden.id, scope: ALL_ACCOUNTS }))?.otherCount).toBe(2);
  });
});

describe("my findings", () => {
  it("lists mine, then the rest of my scope, overdue first", async () => {
    const org = await createOrganization(db);
    const acct = (await createAccount(db, org.id)).id;
    const outside = (await createAccount(db, org.id)).id;
    const checkId = (await createCheck(db)).id;
    const me = await createUser(db, { role: "triager" });
    const mk = (values: Partial<Parameters<typeof createFinding>[1]>) =>
      createFinding(db, { checkId, accountId: acct, ...values }).then((r) => r.id);
    const late = await mk({ assigneeId: me.id, dueAt: new Date(now.getTime() - DAY) });
    const soon = await mk({ assigneeId: me.id, dueAt: new Date(now.getTime() + DAY) });
    const none = await mk({ assigneeId: me.id, severity: "critical" });
    await mk({ assigneeId: me.id, status: "RESOLVED" });
    const otherLate = await mk({ dueAt: new Date(now.getTime() - 2 * DAY) });
    const other = await mk({ dueAt: new Date(now.getTime() + 9 * DAY) });
    await createFinding(db, { checkId, accountId: outside, assigneeId: me.id });
    const r = await listMyFindings(db, { userId: me.id, scope: scopeToAccounts([acct]), now, limit: 50 });
    expect(r.assigned.map((x) => x.id)).toEqual([late, soon, none]);
    expect(r.inMyScope.map((x) => x.id)).toEqual([otherLate, other]);
  });
});
