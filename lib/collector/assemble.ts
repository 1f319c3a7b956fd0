import type { CollectedInventory } from "@/lib/aws/inventory";
import type { CheckSettings } from "@/lib/checks/settings";
import type { Check } from "@/lib/checks/types";
import type { UnitRecord } from "@/lib/db/queries/snapshot";
import { GLOBAL_REGION, type Environment } from "@/lib/domain/vocabulary";
import { evaluateChecks, mergeStats, type Evaluation } from "./evaluate";
import type { AccountSnapshot } from "./snapshot";
import { unitGuardDuty, type UnitGuardDuty } from "./guardduty";
import { unitBilling, type UnitBilling } from "./budgets";

// Inventory → evaluated results → the account's snapshot: one assembly for a real collection
// (collect-account.ts) and the demo organization (demo.ts).

export type KeptInventory = { region: string; key: string; data: unknown };
export type UnitEvaluation = {
  region: string;
  evaluation: Evaluation;
  kept: KeptInventory[];
  guardDuty?: UnitGuardDuty;
  billing?: UnitBilling;
};

export const NOTHING_EVALUATED: Evaluation = { failed: [], evaluated: [], undetermined: [], results: 0, stats: [] };

/**
 * Evaluates one unit's inventory: the account's global checks in its global unit, its regional
 * checks in a region. Keeps the inventory organization-wide checks read (`keep`'s keys).
 */
export function evaluateUnit(params: {
  region: string;
  inventory: CollectedInventory;
  account: { id: string; environment: Environment };
  checks: readonly Check[];
  settings: CheckSettings;
  keep: ReadonlySet<string>;
  runId?: string;
}): UnitEvaluation {
  const { region, inventory } = params;
  const scope = region === GLOBAL_REGION ? "global" : "regional";
  const evaluation = evaluateChecks(
    params.checks.filter((c) => c.scope === scope),
    {
      accountId: params.account.id,
      region,
      partition: "aws",
      environment: params.account.environment,
      settings: params.settings,
      inventory,
    },
  );
  const kept = Object.entries(inventory)
    .filter(([key, data]) => params.keep.has(key) && data !== undefined)
    .map(([key, data]) => ({ region, key, data }));
  return {
    region,
    evaluation,
    kept,
    guardDuty: unitGuardDuty(region, inventory, params.runId ?? null),
    billing: scope === "global" ? unitBilling(inventory) : undefined,
  };
}

/** One account's snapshot from its units' records and evaluations (each record counts its unit's results). */
export function assembleAccountSnapshot(params: {
  runId: string;
  accountId: string;
  now: Date;
  units: readonly {
    record: UnitRecord;
    evaluation?: Evaluation;
    kept?: readonly KeptInventory[];
    guardDuty?: UnitGuardDuty;
    billing?: UnitBilling;
  }[];
}): AccountSnapshot {
  const evaluations = params.units.map((u) => u.evaluation ?? NOTHING_EVALUATED);
  return {
    runId: params.runId,
    accountId: params.accountId,
    now: params.now,
    units: params.units.map((u, i) => ({ ...u.record, resultsCount: evaluations[i]!.results })),
    failed: evaluations.flatMap((e) => e.failed),
    evaluated: evaluations.flatMap((e) => e.evaluated),
    undetermined: evaluations.flatMap((e) => e.undetermined),
    checkStats: mergeStats(evaluations.map((e) => e.stats)),
    inventory: params.units.flatMap((u) => u.kept ?? []),
    guardDuty: {
      coverage: params.units.flatMap((u) => (u.guardDuty?.coverage ? [u.guardDuty.coverage] : [])),
      findings: params.units.flatMap((u) => u.guardDuty?.findings ?? []),
    },
    billing: params.units.find((u) => u.billing)?.billing,
  };
}
