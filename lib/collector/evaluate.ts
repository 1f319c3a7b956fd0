import type { CheckStat, FailedResult } from "@/lib/db/queries/snapshot";
import { evaluateUnit } from "@/lib/checks/evaluate";
import { effectiveSeverity } from "@/lib/checks/severity";
import type { Check, CheckMeta, CheckResult, UnitContext } from "@/lib/checks/types";

export type ResultRef = { checkId: string; region: string; resourceId: string };

/**
 * What checks said about a unit. `undetermined` are resources a check could not decide on
 * (not_applicable, often "could not read that part"): their open findings must stay open.
 */
export type Evaluation = {
  failed: FailedResult[];
  evaluated: { checkId: string; region: string }[];
  undetermined: ResultRef[];
  results: number;
  stats: CheckStat[];
};

/** Adds results to a per-check tally. */
export function tally(
  stats: Map<string, CheckStat>,
  checkId: string,
  results: readonly Pick<CheckResult, "status">[],
): void {
  const s = stats.get(checkId) ?? { checkId, passed: 0, failed: 0, notApplicable: 0 };
  for (const r of results) {
    if (r.status === "pass") s.passed += 1;
    else if (r.status === "fail") s.failed += 1;
    else s.notApplicable += 1;
  }
  stats.set(checkId, s);
}

/** Sums per-check tallies of several units. */
export function mergeStats(all: readonly CheckStat[][]): CheckStat[] {
  const merged = new Map<string, CheckStat>();
  for (const s of all.flat()) {
    const m = merged.get(s.checkId) ?? { checkId: s.checkId, passed: 0, failed: 0, notApplicable: 0 };
    m.passed += s.passed;
    m.failed += s.failed;
    m.notApplicable += s.notApplicable;
    merged.set(s.checkId, m);
  }
  return [...merged.values()];
}

export function failedResult(
  check: CheckMeta,
  region: string,
  r: CheckResult,
  ctx: Pick<UnitContext, "environment" | "settings">,
): FailedResult {
  return {
    checkId: check.id,
    region,
    resourceId: r.resourceId,
    resourceType: r.resourceType,
    severity: effectiveSeverity(check.severity, ctx.environment, ctx.settings.prodSeverityRaise),
    evidence: r.evidence,
  };
}

/**
 * Runs every check of the unit's scope whose inventory was read in full, as what the snapshot
 * writer stores. A check whose inventory is missing yields no result at all (lib/checks/evaluate).
 */
export function evaluateChecks(checks: readonly Check[], ctx: UnitContext): Evaluation {
  const out: Evaluation = { failed: [], evaluated: [], undetermined: [], results: 0, stats: [] };
  const stats = new Map<string, CheckStat>();
  for (const { check, results } of evaluateUnit(checks, ctx)) {
    out.evaluated.push({ checkId: check.id, region: ctx.region });
    out.results += results.length;
    tally(stats, check.id, results);
    for (const r of results) {
      if (r.status === "fail") out.failed.push(failedResult(check, ctx.region, r, ctx));
      else if (r.status === "not_applicable")
        out.undetermined.push({ checkId: check.id, region: ctx.region, resourceId: r.resourceId });
    }
  }
  out.stats = [...stats.values()];
  return out;
}
