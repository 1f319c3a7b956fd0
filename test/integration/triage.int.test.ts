import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctx, signInAs } from "../route-harness";

// The triage workflow's route handlers as Next.js calls them (real route(), sessions, scope): one
// finding's actions with their events and audit entries, and bulk actions over 50,000 findings.

const { POST: actOn } = await import("@/app/api/findings/[id]/actions/route");
const { POST: bulkCount } = await import("@/app/api/findings/bulk/count/route");
const { POST: bulk } = await import("@/app/api/findings/bulk/route");
const { openDatabase } = await import("@/lib/db/open");
const { runBulk } = await import("@/lib/triage/actions");
const { findingsWhere } = await import("@/lib/db/queries/findings-filter");
const { ALL_ACCOUNTS } = await import("@/lib/db/queries/scope");
const s = await import("@/lib/db/schema");
const f = await import("../factories");
const { createTestDatabase } = await import("../postgres");

type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://127.0.0.1:3000";
const DAY = 86_400_000;

async function call(handler: Handler, url: string, body: unknown, params: Record<string, string> = {}) {
  ctx.headers = new Headers({ host: "127.0.0.1:3000", origin: ORIGIN });
  const request = new Request(`${ORIGIN}${url}`, { method: "POST", headers: ctx.headers, body: JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

let handle: Awaited<ReturnType<typeof openDatabase>>;
let drop: () => Promise<void>;
let db: typeof handle.db;
let orgId: string;
let checkId: string;
let teamAccount: string;
let otherAccount: string;
let teamId: string;

beforeAll(async () => {
  const database = await createTestDatabase("posture_triage");
  handle = await openDatabase({ url: database.url });
  drop = () => database.drop();
  db = handle.db;
  ctx.db = db;
  orgId = (await f.createOrganization(db)).id;
  teamAccount = (await f.createAccount(db, orgId, { environment: "prod" })).id;
  otherAccount = (await f.createAccount(db, orgId, { environment: "dev" })).id;
  checkId = (await f.createCheck(db, { defaultSeverity: "critical" })).id;
  teamId = (await f.createTeam(db)).id;
  await db.insert(s.teamScopes).values({ teamId, kind: "account", value: teamAccount });
});
afterAll(async () => {
  await handle.close();
  await drop();
});

async function signIn(role: "admin" | "triager" | "viewer", opts: { team?: boolean } = {}) {
  const user = await f.createUser(db, { role });
  if (opts.team) await db.insert(s.teamMembers).values({ teamId, userId: user.id });
  await signInAs(db, user.id);
  return user;
}

const events = (findingId: string) =>
  db.select().from(s.findingEvents).where(eq(s.findingEvents.findingId, findingId)).orderBy(s.findingEvents.id);
const rows = async <T>(query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
const stored = async (id: string) => (await db.select().from(s.findings).where(eq(s.findings.id, id)))[0]!;
const audits = (userId: string) =>
  db.select().from(s.auditLog).where(eq(s.auditLog.actorId, userId)).orderBy(s.auditLog.id);

describe("one finding's workflow", () => {
  it("acknowledges, assigns, comments, suppresses and reopens, each with its event and audit entry", async () => {
    const finding = await f.createFinding(db, { checkId, accountId: teamAccount, severity: "critical" });
    const triager = await signIn("triager", { team: true });
    const peer = await f.createUser(db, { role: "triager" });
    await db.insert(s.teamMembers).values({ teamId, userId: peer.id });
    const outsider = await f.createUser(db, { role: "triager" });
    const url = `/api/findings/${finding.id}/actions`;
    const go = (body: unknown) => call(actOn, url, body, { id: finding.id });

    expect(await go({ action: "acknowledge", note: "Looking" })).toMatchObject({
      status: 200,
      body: { changed: true, status: "ACKNOWLEDGED" },
    });
    expect((await go({ action: "acknowledge" })).body).toMatchObject({ changed: false });
    expect(await go({ action: "assign", assigneeId: outsider.id })).toMatchObject({
      status: 422,
      body: { fields: { assigneeId: ["cannot be assigned findings of this account"] } },
    });
    expect((await go({ action: "assign", assigneeId: peer.id })).body).toMatchObject({ assigneeId: peer.id });
    expect((await go({ action: "comment", text: "  Owner notified  " })).status).toBe(200);
    expect(await go({ action: "comment", text: "" })).toMatchObject({
      status: 422,
      body: { fields: { text: expect.any(Array) } },
    });
    // Critical findings may be suppressed for 30 days at most (the default setting).
    const tooLong = new Date(Date.now() + 40 * DAY).toISOString();
    expect(await go({ action: "suppress", reason: "Accepted", kind: "accepted_risk", until: tooLong })).toMatchObject({
      status: 422,
      body: { fields: { until: expect.any(Array) } },
    });
    expect(await go({ action: "suppress", reason: "", kind: "accepted_risk" })).toMatchObject({ status: 422 });
    const suppressed = await go({ action: "suppress", reason: "Accepted for the migration", kind: "accepted_risk" });
    expect(suppressed.body.status).toBe("SUPPRESSED");
    const until = Date.parse(suppressed.body.suppressedUntil);
    expect(Math.abs(until - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    expect((await go({ action: "reopen", note: "Migration done" })).body).toMatchObject({ status: "NEW" });
    expect(await go({ action: "reopen" })).toMatchObject({ status: 409 });
    expect((await go({ action: "assign", assigneeId: null })).body).toMatchObject({ assigneeId: null });

    const history = await events(finding.id);
    expect(history.map((e) => [e.kind, e.toStatus, e.note])).toEqual([
      ["status", "ACKNOWLEDGED", "Looking"],
      ["assignment", null, null],
      ["comment", null, "Owner notified"],
      ["status", "SUPPRESSED", "Accepted for the migration"],
      ["status", "NEW", "Migration done"],
      ["assignment", null, null],
    ]);
    expect(history.every((e) => e.actorId === triager.id)).toBe(true);
    expect((await audits(triager.id)).map((a) => a.action)).toEqual([
      "finding.acknowledge",
      "finding.assign",
      "finding.comment",
      "finding.suppress",
      "finding.reopen",
      "finding.assign",
    ]);
    const after = await stored(finding.id);
    expect(after).toMatchObject({
      status: "NEW",
      assigneeId: null,
      suppressionReason: null,
      firstSeenAt: finding.firstSeenAt,
    });
    // Reopened: its deadline is set again (critical, prod: 7 days from first seen).
    expect(after.dueAt?.getTime()).toBe(finding.firstSeenAt.getTime() + 7 * DAY);
  });

  it("answers 404 for a finding outside the scope, and 403 to a viewer, changing nothing", async () => {
    const hidden = await f.createFinding(db, { checkId, accountId: otherAccount });
    const triager = await signIn("triager", { team: true });
    const r = await call(actOn, `/api/findings/${hidden.id}/actions`, { action: "acknowledge" }, { id: hidden.id });
    expect(r).toMatchObject({ status: 404, body: { code: "not-found" } });
    await signIn("viewer", { team: true });
    const mine = await f.createFinding(db, { checkId, accountId: teamAccount });
    expect(
      (await call(actOn, `/api/findings/${mine.id}/actions`, { action: "acknowledge" }, { id: mine.id })).status,
    ).toBe(403);
    expect((await stored(hidden.id)).status).toBe("NEW");
    expect((await stored(mine.id)).status).toBe("NEW");
    expect(await audits(triager.id)).toEqual([]);
  });
});

describe("bulk actions", () => {
  const N = 50_000;
  let bulkCheck: string;
  let bulkAccount: string;

  beforeAll(async () => {
    bulkCheck = (await f.createCheck(db, { defaultSeverity: "low" })).id;
    bulkAccount = (await f.createAccount(db, orgId, { environment: "dev" })).id;
    await db.execute(sql`
      insert into findings (id, check_id, account_id, region, resource_id, resource_type, severity)
      select encode(sha256(convert_to(${bulkCheck} || '/' || g, 'UTF8')), 'hex'), ${bulkCheck}, ${bulkAccount},
        'us-east-1', 'arn:aws:test:::bulk-' || g, 'AWS::Test::Resource', 'low'
      from generate_series(1, ${N}) g`);
  }, 120_000);

  it("counts, then acknowledges 50,000 findings of a filter in batches, each with its audit entry", async () => {
    const triager = await signIn("admin");
    const target = { filter: { check: [bulkCheck], status: ["NEW"] } };
    expect((await call(bulkCount, "/api/findings/bulk/count", { target })).body).toEqual({ count: N });
    let after: string | null = null;
    let processed = 0;
    let calls = 0;
    for (;;) {
      const r = await call(bulk, "/api/findings/bulk", { target, action: { action: "acknowledge" }, after });
      expect(r.status).toBe(200);
      expect(r.body.error).toBeNull();
      processed += r.body.processed;
      after = r.body.after;
      calls += 1;
      if (r.body.done) break;
    }
    expect(processed).toBe(N);
    expect(calls).toBeGreaterThanOrEqual(1);
    const [counts] = await rows<{
      ack: number;
      events: number;
    }>(sql`select count(*) filter (where status = 'ACKNOWLEDGED')::int as ack,
        (select count(*)::int from finding_events e join findings f on f.id = e.finding_id
          where f.check_id = ${bulkCheck} and e.to_status = 'ACKNOWLEDGED' and e.actor_id = ${triager.id}) as events
        from findings where check_id = ${bulkCheck}`);
    expect(counts).toEqual({ ack: N, events: N });
    const entries = (await audits(triager.id)).filter((a) => a.action === "finding.bulk_acknowledge");
    expect(entries).toHaveLength(N / 1000);
    expect(entries.reduce((n, a) => n + (a.details as { changed: number }).changed, 0)).toBe(N);
    expect((await call(bulkCount, "/api/findings/bulk/count", { target })).body).toEqual({ count: 0 });
  }, 300_000);

  it("stops at a failing batch: the batches before it stay applied, nothing of it is", async () => {
    const admin = await f.createUser(db, { role: "admin" });
    const ids = await rows<{ id: string }>(
      sql`select id from findings where check_id = ${bulkCheck} order by id limit 3 offset 2500`,
    );
    const poison = ids[0]!.id;
    await db.execute(sql`
      create function fail_poisoned_event() returns trigger language plpgsql as $$
      begin
        if new.finding_id = '${sql.raw(poison)}' and new.kind = 'comment' then raise exception 'disk full (test)'; end if;
        return new;
      end $$`);
    await db.execute(sql`create trigger fail_poisoned_event before insert on finding_events
      for each row execute function fail_poisoned_event()`);
    try {
      const where = findingsWhere({ check: [bulkCheck] }, { scope: ALL_ACCOUNTS, userId: admin.id, now: new Date() });
      const r = await runBulk(db, {
        where,
        action: { action: "comment", text: "Bulk note" },
        actor: { id: admin.id, email: admin.email, ip: null },
        now: new Date(),
        batchSize: 1000,
        target: { test: true },
      });
      expect(r.error).toMatch(/rolled back/);
      expect(r.done).toBe(false);
      expect(r.processed).toBe(2000);
      const [c] = await rows<{
        n: number;
        last: string;
      }>(sql`select count(*)::int as n, max(f.id) as last from finding_events e
          join findings f on f.id = e.finding_id where f.check_id = ${bulkCheck} and e.kind = 'comment'`);
      expect(c!.n).toBe(2000);
      expect(c!.last).toBe(r.after);
      const resumed = await db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.actorId, admin.id), eq(s.auditLog.action, "finding.bulk_comment")));
      expect(resumed).toHaveLength(2);
    } finally {
      await db.execute(sql`drop trigger fail_poisoned_event on finding_events`);
    }
  }, 300_000);
});
