import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { seededRng } from "@/lib/random";
import { suppressionKinds, type UnitStatus } from "@/lib/domain/vocabulary";
import {
  act,
  expireSuppression,
  isOpen,
  liftRule,
  planSnapshot,
  suppressByRule,
  suppressionExpired,
  type FindingState,
  type KnownFinding,
  type LifecycleEvent,
  type SnapshotFacts,
  type UserAction,
} from "./lifecycle";

// Property-style: seeded random sequences of snapshots (pass, fail, not evaluated, failed units,
// evaluations wrongly claimed for failed units) and user actions, checked after every step.

const SEQUENCES = 2000;
const STEPS = 40;
const HOUR = 3_600_000;

// A regional check, a global check whose results name their own region (S3 buckets), and a global
// check whose findings stay "global".
const CHECKS = [
  { id: "regional", scopes: ["r1", "r2"], regionOf: (scope: string) => scope },
  { id: "bucket", scopes: ["global"], regionOf: (_: string, resource: string) => (resource === "b" ? "r2" : "r1") },
  { id: "account", scopes: ["global"], regionOf: () => "global" },
] as const;
const UNIT_REGIONS = ["global", "r1", "r2"];
const RESOURCES = ["a", "b", "c"];
const USERS = ["u1", "u2"];

/** A plain assertion: vitest's expect costs too much in a loop of a few million checks. */
function check(ok: boolean, message: () => string, detail?: unknown): asserts ok {
  if (!ok) throw new Error(detail === undefined ? message() : `${message()}: ${JSON.stringify(detail)}`);
}
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

type Stored = { checkId: string; region: string; state: FindingState; firstSeenAt: number; events: LifecycleEvent[] };

function world(seed: number) {
  const rand = seededRng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const store = new Map<string, Stored>();
  let now = new Date("2026-01-01T00:00:00Z").getTime();
  let run = 0;
  return {
    rand,
    pick,
    store,
    clock: () => new Date(now),
    tick: () => (now += Math.floor(rand() * 30) * HOUR),
    run: () => `run-${++run}`,
  };
}
type World = ReturnType<typeof world>;

function randomSnapshot(w: World): SnapshotFacts {
  const units = UNIT_REGIONS.map((region) => ({
    region,
    status: w.pick<UnitStatus>(["ok", "ok", "ok", "partial", "failed", "skipped"]),
  }));
  const status = new Map(units.map((u) => [u.region, u.status]));
  const facts: SnapshotFacts = {
    runId: w.run(),
    now: w.clock(),
    units,
    failing: [],
    evaluated: [],
    undetermined: [],
    known: [],
  };
  const failing: SnapshotFacts["failing"][number][] = [];
  const undetermined: string[] = [];
  const evaluated: SnapshotFacts["evaluated"][number][] = [];
  for (const check of CHECKS) {
    for (const scope of check.scopes) {
      const unit = status.get(scope)!;
      // A partial unit read some keys; a failed one none, but a faulty evaluation may still claim it.
      const read = unit === "ok" ? true : unit === "partial" ? w.rand() < 0.6 : w.rand() < 0.15;
      if (!read) continue;
      evaluated.push({ checkId: check.id, region: scope });
      for (const resource of RESOURCES) {
        const verdict = w.pick(["pass", "fail", "fail", "not_applicable", "gone"] as const);
        const region = check.regionOf(scope, resource);
        const id = `${check.id}|${region}|${resource}`;
        if (verdict === "fail") failing.push({ id, checkId: check.id, region });
        if (verdict === "not_applicable") undetermined.push(id);
      }
    }
  }
  return { ...facts, failing, evaluated, undetermined };
}

/** What the snapshot writer loads: the failing findings that exist, and the open or expired-suppressed ones. */
function knownFor(w: World, facts: SnapshotFacts, all: boolean): KnownFinding[] {
  const failing = new Set(facts.failing.map((f) => f.id));
  return [...w.store.entries()]
    .filter(([id, f]) => all || failing.has(id) || isOpen(f.state.status) || suppressionExpired(f.state, facts.now))
    .map(([id, f]) => ({ ...f.state, id, checkId: f.checkId, region: f.region }));
}

function randomAction(w: World): UserAction {
  const now = w.clock().getTime();
  switch (w.pick(["acknowledge", "suppress", "suppress", "unsuppress", "assign", "comment"] as const)) {
    case "acknowledge":
      return { kind: "acknowledge" };
    case "suppress":
      return {
        kind: "suppress",
        reason: w.pick(["Accepted", "Test data", " "]),
        suppressionKind: w.pick(suppressionKinds),
        until: w.rand() < 0.3 ? null : new Date(now + Math.floor(w.rand() * 60 - 5) * HOUR),
      };
    case "unsuppress":
      return { kind: "unsuppress" };
    case "assign":
      return { kind: "assign", assigneeId: w.pick([null, ...USERS]) };
    case "comment":
      return { kind: "comment", text: w.pick(["Owner notified", ""]) };
  }
}

/** The invariants that hold of every finding at every step. */
function checkStore(w: World, where: string) {
  for (const [id, f] of w.store) {
    const at = () => `${where} ${id}`;
    check(f.state.firstSeenAt.getTime() === f.firstSeenAt, () => `${at()}: first-seen changed`);
    check(
      (f.state.status === "SUPPRESSED") === (f.state.suppression !== null),
      () => `${at()}: suppression without SUPPRESSED`,
    );
    check(
      (f.state.status === "RESOLVED") === (f.state.resolvedAt !== null),
      () => `${at()}: resolvedAt without RESOLVED`,
    );
    // Replaying the events gives the state: no change happened without its event.
    let status: string | null = null;
    let assignee: unknown = null;
    for (const e of f.events) {
      if (e.kind === "status") {
        check(e.fromStatus === status, () => `${at()}: status event out of sequence`, e);
        status = e.toStatus;
      }
      if (e.kind === "assignment") {
        check(e.data?.from === assignee, () => `${at()}: assignment event out of sequence`, e);
        assignee = e.data?.to;
      }
    }
    check(status === f.state.status, () => `${at()}: events replay to another status`, f.events);
    check(assignee === f.state.assigneeId, () => `${at()}: events replay to another assignee`, f.events);
  }
}

function snapshotStep(w: World, where: string) {
  const facts = randomSnapshot(w);
  const plan = planSnapshot({ ...facts, known: knownFor(w, facts, false) });
  // The writer loads only the findings a snapshot can change; loading all of them decides the same.
  check(
    same(planSnapshot({ ...facts, known: knownFor(w, facts, true) }), plan),
    () => `${where}: depends on what is loaded`,
  );
  const before = new Map([...w.store].map(([id, f]) => [id, f.state]));
  const failing = new Set(facts.failing.map((f) => f.id));
  const undetermined = new Set(facts.undetermined);
  const unitStatus = new Map(facts.units!.map((u) => [u.region, u.status]));
  const covered = (f: { checkId: string; region: string }) =>
    facts.evaluated.some(
      (e) =>
        e.checkId === f.checkId &&
        (e.region === f.region || e.region === "global") &&
        !["failed", "skipped"].includes(unitStatus.get(e.region)!),
    );

  // Persist as the writer does: insert the new, refresh the failing, write the changed, append events.
  for (const c of plan.created) {
    const ref = facts.failing.find((f) => f.id === c.id)!;
    w.store.set(c.id, {
      checkId: ref.checkId,
      region: ref.region,
      state: c.state,
      firstSeenAt: c.state.firstSeenAt.getTime(),
      events: [],
    });
  }
  for (const id of failing) w.store.get(id)!.state = { ...w.store.get(id)!.state, lastSeenAt: facts.now };
  for (const c of plan.changed) w.store.get(c.id)!.state = c.state;
  for (const e of plan.events) w.store.get(e.findingId)!.events.push(e);

  let resolved = 0;
  let reopened = 0;
  for (const [id, f] of w.store) {
    const at = () => `${where} ${id}`;
    const prior = before.get(id);
    const after = f.state;
    if (failing.has(id)) {
      check(after.lastSeenAt.getTime() === facts.now.getTime(), () => `${at()}: failing but not seen`);
      check(after.status !== "RESOLVED", () => `${at()}: resolved while failing`);
      if (!prior) continue;
      const expired = suppressionExpired(prior, facts.now);
      if (prior.status === "RESOLVED" || expired) {
        check(after.status === "NEW", () => `${at()}: did not reopen`, { prior, after });
        check(after.reopenCount === prior.reopenCount + 1, () => `${at()}: reopening not counted`);
        reopened += 1;
      } else check(after.status === prior.status, () => `${at()}: status changed while failing`, { prior, after });
      continue;
    }
    check(prior !== undefined, () => `${at()}: created without failing`);
    const resolvable = (isOpen(prior.status) || suppressionExpired(prior, facts.now)) && !undetermined.has(id);
    if (resolvable && covered(f)) {
      check(after.status === "RESOLVED", () => `${at()}: not resolved although its check passed`, { prior, after });
      check(after.resolvedAt?.getTime() === facts.now.getTime(), () => `${at()}: resolved at another time`);
      resolved += 1;
    } else if (suppressionExpired(prior, facts.now)) {
      check(after.status === "NEW" && after.suppression === null, () => `${at()}: expired suppression kept`, after);
      check(after.reopenCount === prior.reopenCount, () => `${at()}: expiry counted as a regression`);
      reopened += 1;
    } else check(same(after, prior), () => `${at()}: changed without a reason`, { prior, after });
    // An expired suppression always ends with the snapshot that sees the account.
    check(!suppressionExpired(after, facts.now), () => `${at()}: still suppressed after expiry`, after);
  }
  const regressed = [...failing].filter((id) => {
    const prior = before.get(id);
    return prior !== undefined && (prior.status === "RESOLVED" || suppressionExpired(prior, facts.now));
  }).length;
  const stillOpen = [...failing].filter((id) => before.has(id)).length - regressed;
  const counts = { created: plan.created.length, reopened, resolved, stillOpen };
  check(same(plan.counts, counts), () => `${where} counts`, { plan: plan.counts, counts });
}

const RULES = ["rule-1", "rule-2"];

/** A suppression rule created (suppressing what it matches) or removed (reopening what it suppressed). */
function ruleStep(w: World, where: string, id: string, f: Stored) {
  const ruleId = w.pick(RULES);
  const now = w.clock();
  const prior = f.state;
  const t =
    w.rand() < 0.5
      ? suppressByRule(prior, { ruleId, reason: "Sandbox", kind: "accepted_risk", by: null }, now)
      : liftRule(prior, ruleId, { actorId: w.pick(USERS), now });
  check(t.state.firstSeenAt === prior.firstSeenAt, () => `${where} ${id}: rule changed first-seen`);
  check((t.state !== prior) === t.events.length > 0, () => `${where} ${id}: rule change without an event`);
  if (prior.status === "SUPPRESSED" && prior.suppression?.ruleId !== ruleId)
    check(t.state === prior, () => `${where} ${id}: a rule lifted a suppression it did not make`);
  f.state = t.state;
  f.events.push(...t.events);
}

function actionStep(w: World, where: string) {
  const ids = [...w.store.keys()];
  if (ids.length === 0) return;
  const id = w.pick(ids);
  const f = w.store.get(id)!;
  if (w.rand() < 0.15) return ruleStep(w, where, id, f);
  const action = randomAction(w);
  const outcome = act(f.state, action, { actorId: w.pick(USERS), now: w.clock() });
  if (!outcome.ok) return;
  check(outcome.state.firstSeenAt === f.state.firstSeenAt, () => `${where} ${id}: action changed first-seen`);
  check(outcome.events.length > 0, () => `${where} ${id}: action without an event`);
  f.state = outcome.state;
  f.events.push(...outcome.events);
}

function expiryStep(w: World) {
  for (const f of w.store.values()) {
    const t = expireSuppression(f.state, w.clock());
    check(t.events.length === 0 || t.state.status === "NEW", () => "an expiry that does not reopen");
    f.state = t.state;
    f.events.push(...t.events);
  }
}

describe("finding lifecycle, over random sequences", () => {
  it(`holds its invariants over ${SEQUENCES} sequences of ${STEPS} steps`, { timeout: 60_000 }, () => {
    let snapshots = 0;
    let reopenedAfterExpiry = 0;
    for (let seed = 1; seed <= SEQUENCES; seed++) {
      const w = world(seed);
      for (let step = 0; step < STEPS; step++) {
        const where = `seed ${seed} step ${step}:`;
        w.tick();
        const roll = w.rand();
        if (roll < 0.5) {
          const expiredBefore = [...w.store.values()].filter((f) => suppressionExpired(f.state, w.clock())).length;
          snapshotStep(w, where);
          snapshots += 1;
          reopenedAfterExpiry +=
            expiredBefore - [...w.store.values()].filter((f) => suppressionExpired(f.state, w.clock())).length;
        } else if (roll < 0.95) actionStep(w, where);
        else expiryStep(w);
        checkStore(w, where);
      }
    }
    // The sequences reach the interesting cases, so the checks above are not vacuous.
    expect(snapshots).toBeGreaterThan(SEQUENCES * STEPS * 0.4);
    expect(reopenedAfterExpiry).toBeGreaterThan(100);
  });
});
