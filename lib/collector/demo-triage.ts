import { and, inArray } from "drizzle-orm";
import { ensureDemoPeople } from "@/lib/db/queries/demo";
import { refreshDueDates } from "@/lib/db/queries/sla";
import { insertFindingEvents, saveFindingStates } from "@/lib/db/queries/snapshot";
import { insertRule } from "@/lib/db/queries/suppression-rules";
import { lockFindingsForTriage, type TriageRow } from "@/lib/db/queries/triage";
import { findings } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import {
  act,
  expireSuppression,
  type FindingState,
  type LifecycleEvent,
  type Transition,
  type UserAction,
} from "@/lib/findings/lifecycle";
import { defaultSlaSettings, slaTable } from "@/lib/findings/sla";
import { applySuppressionRules } from "@/lib/triage/rules";

// The demo organization's triage story, played after its collections through the same lifecycle:
// acknowledged, assigned, commented and suppressed findings, one suppression that expired and
// reopened, and a suppression rule. Deterministic: findings are picked in id order.

const PEOPLE = [
  { name: "Dana Reyes", local: "dana" },
  { name: "Sam Okafor", local: "sam" },
];

export async function playDemoTriage(
  db: Db,
  params: { accountIds: readonly string[]; sandboxAccountId?: string; at: (day: number) => Date; lastDay: number },
): Promise<void> {
  const people = await ensureDemoPeople(db, PEOPLE);
  await db.transaction(async (tx) => {
    const where = and(
      inArray(findings.accountId, [...params.accountIds]),
      inArray(findings.status, [...openFindingStatuses]),
    )!;
    const rows = await lockFindingsForTriage(tx, { where, limit: 10_000 });
    const states = new Map<string, FindingState>();
    const events: (LifecycleEvent & { findingId: string })[] = [];
    const stateOf = (row: TriageRow): FindingState => {
      const { id: _i, checkId: _c, region: _r, accountId: _a, severity: _s, environment: _e, ...state } = row;
      return states.get(row.id) ?? state;
    };
    const record = (row: TriageRow, t: Transition) => {
      states.set(row.id, t.state);
      for (const e of t.events) events.push({ ...e, findingId: row.id });
    };
    const perform = (row: TriageRow, action: UserAction, actorId: string, day: number) => {
      const r = act(stateOf(row), action, { actorId, now: params.at(day) });
      if (r.ok) record(row, r);
    };
    const [dana, sam] = [people[0]!, people[1]!];
    const early = params.at(params.lastDay - 40).getTime();
    const sandbox = rows.filter((r) => r.accountId === params.sandboxAccountId);
    const ruleCheck = sandbox[0]?.checkId;
    const pool = rows.filter((r) => r.checkId !== ruleCheck || r.accountId !== params.sandboxAccountId);

    // One suppression that expired while the finding still failed: it reopened by itself.
    const lapsed = pool.find((r) => r.statusChangedAt.getTime() < early && r.status === "NEW");
    if (lapsed) {
      const from = params.lastDay - 40;
      const until = params.at(from + 10);
      perform(
        lapsed,
        { kind: "suppress", reason: "Waiting for the vendor's patch", suppressionKind: "compensating_control", until },
        dana.id,
        from,
      );
      record(lapsed, expireSuppression(stateOf(lapsed), until));
      perform(
        lapsed,
        { kind: "comment", text: "The patch slipped; the suppression lapsed and it is open again." },
        dana.id,
        from + 11,
      );
    }
    const rest = pool.filter((r) => r !== lapsed);
    const urgent = rest.filter((r) => r.severity === "critical" || r.severity === "high");
    const minor = rest.filter((r) => r.severity === "medium" || r.severity === "low");
    urgent
      .slice(0, 6)
      .forEach((r, i) =>
        perform(
          r,
          { kind: "acknowledge", note: "Triaged in the weekly review" },
          i % 2 ? sam.id : dana.id,
          params.lastDay - 6,
        ),
      );
    urgent
      .slice(0, 8)
      .forEach((r, i) =>
        perform(r, { kind: "assign", assigneeId: i % 2 ? sam.id : dana.id }, dana.id, params.lastDay - 5),
      );
    urgent
      .slice(0, 3)
      .forEach((r) =>
        perform(
          r,
          { kind: "comment", text: "Owner notified; fix planned for the next release." },
          sam.id,
          params.lastDay - 4,
        ),
      );
    minor.slice(0, 2).forEach((r, i) =>
      perform(
        r,
        {
          kind: "suppress",
          reason: i ? "Covered by the WAF rule set in front of it" : "Test fixture data, no customer data",
          suppressionKind: i ? "compensating_control" : "false_positive",
          until: params.at(params.lastDay + 60),
        },
        dana.id,
        params.lastDay - 3,
      ),
    );
    await saveFindingStates(tx, { runId: null, states: [...states].map(([id, state]) => ({ id, state })) });
    await insertFindingEvents(tx, events);
    if (lapsed) await refreshDueDates(tx, { table: slaTable(defaultSlaSettings), ids: [lapsed.id] });
    if (params.sandboxAccountId && ruleCheck) {
      const rule = await insertRule(tx, {
        checkId: ruleCheck,
        resourcePattern: null,
        accountId: params.sandboxAccountId,
        ouId: null,
        environment: null,
        tagKey: null,
        tagValue: null,
        reason: "Sandbox experiments are short-lived; reviewed monthly",
        kind: "accepted_risk",
        createdBy: dana.id,
      });
      await applySuppressionRules(tx, { ruleId: rule.id, now: params.at(params.lastDay - 2) });
    }
  });
}
