import { describe, expect, it } from "vitest";
import {
  act,
  detect,
  expireSuppression,
  observe,
  planSnapshot,
  type FindingState,
  type KnownFinding,
  type SnapshotFacts,
} from "./lifecycle";

const t0 = new Date("2026-03-01T06:00:00Z");
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);
const at = (n: number) => ({ now: hours(n), runId: `run-${n}` });
const user = { actorId: "user-1", now: hours(1) };

const fresh = (): FindingState => detect(at(0)).state;
const suppressed = (until: Date | null): FindingState => {
  const r = act(fresh(), { kind: "suppress", reason: "Test bucket", suppressionKind: "accepted_risk", until }, user);
  if (!r.ok) throw new Error(r.reason);
  return r.state;
};
const resolved = () => observe(fresh(), "passed", at(2)).state;

describe("collection transitions", () => {
  it("opens a new finding as NEW with a Detected event, seen first now", () => {
    const t = detect(at(0));
    expect(t.state).toMatchObject({ status: "NEW", firstSeenAt: hours(0), lastSeenAt: hours(0), reopenCount: 0 });
    expect(t.events).toEqual([expect.objectContaining({ kind: "status", fromStatus: null, toStatus: "NEW" })]);
  });

  it("keeps an open finding that still fails, refreshing when it was last seen only", () => {
    const t = observe(fresh(), "failed", at(5));
    expect(t.events).toEqual([]);
    expect(t.state).toEqual({ ...fresh(), lastSeenAt: hours(5) });
  });

  it("resolves an open finding whose check passes, acknowledged or not", () => {
    for (const state of [fresh(), (act(fresh(), { kind: "acknowledge" }, user) as { state: FindingState }).state]) {
      const t = observe(state, "passed", at(5));
      expect(t.state).toMatchObject({ status: "RESOLVED", resolvedAt: hours(5), statusChangedAt: hours(5) });
      expect(t.events).toEqual([
        expect.objectContaining({
          fromStatus: state.status,
          toStatus: "RESOLVED",
          note: "Check passed",
          runId: "run-5",
        }),
      ]);
    }
  });

  it("reopens a resolved finding that fails again, counting the reopening and keeping first-seen", () => {
    const t = observe(resolved(), "failed", at(9));
    expect(t.state).toMatchObject({
      status: "NEW",
      resolvedAt: null,
      reopenCount: 1,
      firstSeenAt: hours(0),
      lastSeenAt: hours(9),
    });
    expect(t.events[0]).toMatchObject({ fromStatus: "RESOLVED", toStatus: "NEW" });
  });

  it("holds a suppression in force whether the check fails or passes", () => {
    const state = suppressed(hours(100));
    expect(observe(state, "failed", at(5)).events).toEqual([]);
    expect(observe(state, "failed", at(5)).state.status).toBe("SUPPRESSED");
    expect(observe(state, "passed", at(5))).toEqual({ state, events: [] });
    expect(observe(suppressed(null), "passed", at(5000)).state.status).toBe("SUPPRESSED");
  });

  it("reopens a finding whose suppression expired while it still fails, and resolves it if it passes", () => {
    const state = suppressed(hours(10));
    const failing = observe(state, "failed", at(10));
    expect(failing.state).toMatchObject({ status: "NEW", suppression: null, reopenCount: 1 });
    expect(failing.events[0]).toMatchObject({ fromStatus: "SUPPRESSED", toStatus: "NEW" });
    const passing = observe(state, "passed", at(11));
    expect(passing.state).toMatchObject({ status: "RESOLVED", suppression: null });
  });

  it("changes nothing when nothing can be said", () => {
    for (const state of [fresh(), resolved(), suppressed(hours(2))])
      expect(observe(state, "unknown", at(50))).toEqual({ state, events: [] });
  });

  it("ends an expired suppression on its own, and only an expired one", () => {
    expect(expireSuppression(suppressed(hours(10)), hours(9)).events).toEqual([]);
    expect(expireSuppression(suppressed(null), hours(900)).events).toEqual([]);
    const t = expireSuppression(suppressed(hours(10)), hours(10));
    expect(t.state).toMatchObject({ status: "NEW", suppression: null, reopenCount: 0 });
    expect(t.events).toEqual([expect.objectContaining({ fromStatus: "SUPPRESSED", toStatus: "NEW", actorId: null })]);
  });
});

describe("user actions", () => {
  it("acknowledge: NEW only", () => {
    const r = act(fresh(), { kind: "acknowledge", note: "Looking" }, user);
    expect(r).toMatchObject({ ok: true, state: { status: "ACKNOWLEDGED" } });
    if (r.ok) {
      expect(r.events).toEqual([expect.objectContaining({ actorId: "user-1", note: "Looking" })]);
      expect(act(r.state, { kind: "acknowledge" }, user)).toEqual({ ok: false, reason: "unchanged" });
    }
    expect(act(resolved(), { kind: "acknowledge" }, user)).toEqual({ ok: false, reason: "not_open" });
  });

  it("suppress: records reason, kind, who and expiry; refuses an empty reason or a past expiry", () => {
    const r = act(
      fresh(),
      { kind: "suppress", reason: " Demo ", suppressionKind: "false_positive", until: hours(5) },
      user,
    );
    expect(r).toMatchObject({
      ok: true,
      state: {
        status: "SUPPRESSED",
        suppression: { reason: "Demo", kind: "false_positive", by: "user-1", until: hours(5) },
      },
    });
    if (r.ok) expect(r.events[0]).toMatchObject({ note: "Demo", data: { kind: "false_positive" } });
    const bad = { kind: "suppress", suppressionKind: "other" } as const;
    expect(act(fresh(), { ...bad, reason: "  ", until: null }, user)).toEqual({ ok: false, reason: "empty_text" });
    expect(act(fresh(), { ...bad, reason: "x", until: hours(1) }, user)).toEqual({
      ok: false,
      reason: "expiry_not_in_future",
    });
  });

  it("suppress again: changes the terms without changing when the status changed; the same terms are refused", () => {
    const state = suppressed(hours(10));
    const same = {
      kind: "suppress",
      reason: "Test bucket",
      suppressionKind: "accepted_risk",
      until: hours(10),
    } as const;
    expect(act(state, same, { ...user, now: hours(3) })).toEqual({ ok: false, reason: "unchanged" });
    const r = act(state, { ...same, until: hours(20) }, { ...user, now: hours(3) });
    expect(r).toMatchObject({ ok: true, state: { statusChangedAt: state.statusChangedAt } });
    if (r.ok) expect(r.state.suppression?.until).toEqual(hours(20));
  });

  it("unsuppress: back to NEW, for a suppressed finding only", () => {
    expect(act(suppressed(null), { kind: "unsuppress" }, user)).toMatchObject({
      ok: true,
      state: { status: "NEW", suppression: null },
    });
    expect(act(fresh(), { kind: "unsuppress" }, user)).toEqual({ ok: false, reason: "not_suppressed" });
  });

  it("assign and comment: events without a status change", () => {
    const a = act(fresh(), { kind: "assign", assigneeId: "user-2" }, user);
    expect(a).toMatchObject({ ok: true, state: { status: "NEW", assigneeId: "user-2" } });
    if (a.ok) {
      expect(a.events).toEqual([expect.objectContaining({ kind: "assignment", data: { from: null, to: "user-2" } })]);
      expect(act(a.state, { kind: "assign", assigneeId: "user-2" }, user)).toEqual({ ok: false, reason: "unchanged" });
    }
    const c = act(fresh(), { kind: "comment", text: "Owner notified" }, user);
    expect(c).toMatchObject({ ok: true, state: fresh(), events: [{ kind: "comment", note: "Owner notified" }] });
    expect(act(fresh(), { kind: "comment", text: " " }, user)).toEqual({ ok: false, reason: "empty_text" });
  });
});

describe("planSnapshot", () => {
  const known = (id: string, checkId: string, region: string, state: FindingState): KnownFinding => ({
    ...state,
    id,
    checkId,
    region,
  });
  const facts = (over: Partial<SnapshotFacts>): SnapshotFacts => ({
    runId: "run-9",
    now: hours(9),
    failing: [],
    evaluated: [],
    undetermined: [],
    known: [],
    ...over,
  });

  it("creates, keeps, reopens and resolves, with the counts", () => {
    const plan = planSnapshot(
      facts({
        failing: [
          { id: "new", checkId: "c", region: "r1" },
          { id: "open", checkId: "c", region: "r1" },
          { id: "back", checkId: "c", region: "r1" },
          { id: "new", checkId: "c", region: "r1" },
        ],
        evaluated: [{ checkId: "c", region: "r1" }],
        known: [
          known("open", "c", "r1", fresh()),
          known("back", "c", "r1", resolved()),
          known("fixed", "c", "r1", fresh()),
        ],
      }),
    );
    expect(plan.counts).toEqual({ created: 1, reopened: 1, resolved: 1, stillOpen: 1 });
    expect(plan.created.map((c) => c.id)).toEqual(["new"]);
    expect(plan.changed.map((c) => [c.id, c.state.status])).toEqual([
      ["back", "NEW"],
      ["fixed", "RESOLVED"],
    ]);
    expect(plan.events.map((e) => [e.findingId, e.toStatus])).toEqual([
      ["new", "NEW"],
      ["back", "NEW"],
      ["fixed", "RESOLVED"],
    ]);
  });

  it("resolves only where the check was evaluated, and never what it could not decide on", () => {
    const plan = planSnapshot(
      facts({
        evaluated: [{ checkId: "c", region: "r1" }],
        undetermined: ["undecided"],
        known: [
          known("other-region", "c", "r2", fresh()),
          known("other-check", "d", "r1", fresh()),
          known("undecided", "c", "r1", fresh()),
        ],
      }),
    );
    expect(plan.changed).toEqual([]);
  });

  it("lets a check evaluated in the global unit resolve its findings in every region", () => {
    const plan = planSnapshot(
      facts({
        units: [
          { region: "global", status: "ok" },
          { region: "eu-west-1", status: "failed" },
        ],
        evaluated: [{ checkId: "bucket", region: "global" }],
        known: [known("in-eu", "bucket", "eu-west-1", fresh()), known("global", "bucket", "global", fresh())],
      }),
    );
    expect(plan.changed.map((c) => c.id).sort()).toEqual(["global", "in-eu"]);
  });

  it("resolves nothing from a failed or skipped unit, whatever the evaluation claims", () => {
    for (const status of ["failed", "skipped"] as const) {
      const plan = planSnapshot(
        facts({
          units: [
            { region: "global", status },
            { region: "r1", status },
          ],
          evaluated: [
            { checkId: "bucket", region: "global" },
            { checkId: "c", region: "r1" },
          ],
          known: [known("a", "bucket", "r1", fresh()), known("b", "c", "r1", fresh())],
        }),
      );
      expect(plan.changed).toEqual([]);
    }
  });
});
